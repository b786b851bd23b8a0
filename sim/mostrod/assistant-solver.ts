// The node's assistant solver (Serbero, UPSTREAM-0.19.md §8) played by the double: with its
// secret key, it takes a dispute over Nostr like any read solver (a real `admin-take-dispute`
// through the relay and the node's own intake), and writes human solvers `dm`/`send-dm`
// messages signed with its own key whose text begins `Dispute <id> · <subject>`. Must never
// touch the node's state directly: the take goes through the relay like a real client's.
import { buildAdminTakeDispute } from '../../src/lib/protocol/actions/admin-take-dispute.ts';
import { getPubkey } from '../../src/lib/protocol/keys.ts';
import type { Message } from '../../src/lib/protocol/message.ts';
import type { NostrEvent } from '../../src/lib/protocol/event.ts';
import { DM_EXPIRATION_SECS, wrapV2 } from '../../src/lib/protocol/transport-v2.ts';
import type { Ctx } from './daemon-context.ts';

export interface AssistantDeps {
	ctx: Ctx;
	nodePubkey: string;
	secretKey: Uint8Array;
	publish(event: NostrEvent): Promise<boolean>;
}

export class AssistantSolver {
	readonly pubkey: string;
	readonly #d: AssistantDeps;
	#requestId = 7000;
	/** Every send-dm published, oldest first (tests). */
	readonly sent: Array<{ to: string; text: string; event: NostrEvent }> = [];

	constructor(d: AssistantDeps) {
		this.#d = d;
		this.pubkey = getPubkey(d.secretKey);
	}

	#now(): number {
		return Math.floor(this.#d.ctx.o.clock() / 1000);
	}

	/**
	 * Takes the dispute as the assistant, through the relay; resolves true once the node holds it
	 * for the assistant (false after `timeoutMs`). Then tells `notify` with a `taken` message.
	 */
	async take(disputeId: string, notify: string[] = [], timeoutMs = 5000): Promise<boolean> {
		this.#requestId += 1;
		const message = buildAdminTakeDispute({ disputeId, requestId: this.#requestId });
		const now = this.#now();
		const event = wrapV2(
			{ variant: message.variant, kind: { ...message.kind, version: 2 } },
			{
				senderSecret: this.#d.secretKey,
				recipientPubkey: this.#d.nodePubkey,
				now,
				powBits: Math.max(this.#d.ctx.o.pow, this.#d.ctx.o.powFirstContact)
			}
		);
		if (!(await this.#d.publish(event))) return false;
		const deadline = Date.now() + timeoutMs;
		while (this.#d.ctx.store.disputes.get(disputeId)?.solverPubkey !== this.pubkey) {
			if (Date.now() > deadline) return false;
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		for (const to of notify) await this.sendDm(to, disputeId, 'taken by Serbero', 'Serbero took the dispute and is mediating with both parties.');
		return true;
	}

	/** One `send-dm` to a solver key: text `Dispute <id> · <subject>` and, when given, a body line. */
	async sendDm(to: string, disputeId: string, subject: string, body = ''): Promise<boolean> {
		const text = body ? `Dispute ${disputeId} · ${subject}\n${body}` : `Dispute ${disputeId} · ${subject}`;
		const message: Message = { variant: 'dm', kind: { version: 2, request_id: null, trade_index: null, id: disputeId, action: 'send-dm', payload: { text_message: text } } };
		const now = this.#now();
		const event = wrapV2(message, { senderSecret: this.#d.secretKey, recipientPubkey: to, now, expiration: now + DM_EXPIRATION_SECS });
		const ok = await this.#d.publish(event);
		if (ok) this.sent.push({ to, text, event });
		return ok;
	}
}
