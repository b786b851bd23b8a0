// The engine leader's side of the hand-off (issue 20, "Outgoing actions from any replica go
// through the journal"): while this replica leads and its engine runs, it claims the `queued`
// journal rows other replicas wrote, signs each with the signer's key opened from the vault
// (sealed at rest), stores the signed event in the row with the claim (one conditional update),
// then publishes it and matches the reply exactly as for a request of its own (node-messenger.ts
// `deliverHandedOff`). A row an earlier leader claimed but never marked sent is published again
// with the event that leader stored (same id: the node sees it once). Each engine start is a new
// term. Never publishes a row it did not claim, never signs with a key that is not in the vault,
// and never keeps a secret beyond the wait it is needed for. Each round also publishes the chat
// messages followers stored (dispute-chat/chat-hand-off.ts).
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import type { MostroEngine } from './engine.ts';
import type { NodeMessenger, SendOutcome, SendRequest } from './node-messenger.ts';
import type { JournalRow } from './action-journal.ts';
import type { InstanceInfo } from '../../protocol/events/instance-info.ts';
import type { NostrEvent } from '../../protocol/event.ts';
import type { DomainEventBus } from '../domain-events/bus.ts';
import { publishHandedOffChat } from './dispute-chat/chat-hand-off.ts';
import { appendAudit } from '../audit/log.ts';
import { systemActor } from '../auth/actor.ts';
import { log } from '../log.ts';
import { getPubkey } from '../../protocol/keys.ts';
import { requiredPow } from '../../protocol/pow.ts';
import { findSolverByPubkey, openSolverSecret } from '../vault/solver-keys.ts';
import { openNodeKey } from '../vault/node-key.ts';
import { crashIfArmed } from '../test-crash-point.ts';
import { getInstanceInfo } from './instance-info-repository.ts';
import { claimWithEvent, listQueuedEntries, readHandedOff, readOutgoingEvent, takeOverClaim, withdrawQueued } from './journal-hand-off.ts';

/** How often the leader looks for handed-off requests. */
export const HAND_OFF_POLL_MS = 250;

/** A row this term claimed, ready to publish. */
export interface ClaimedHandOff {
	request: SendRequest;
	info: InstanceInfo;
	powBits: number;
	event: NostrEvent;
	/** The event an earlier leader term stored (and may have published). */
	takenOver: boolean;
}

export interface HandOffRelayParts {
	db: Db;
	sealer: Sealer;
	engine: MostroEngine;
	messenger: NodeMessenger;
	events: DomainEventBus;
	leads: () => boolean;
}

function parseDetails(text: string): Record<string, unknown> {
	try {
		const value: unknown = JSON.parse(text);
		return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
	} catch {
		return {};
	}
}

export class HandOffRelay {
	readonly #parts: HandOffRelayParts;
	readonly #intervalMs: number | null;
	#term = randomUUID();
	#timer: ReturnType<typeof setInterval> | null = null;
	#ticking: Promise<number> | null = null;
	readonly #inFlight = new Map<number, Promise<SendOutcome>>();

	/** `intervalMs` null: no timer (tests drive `tick`, `claim` and `publish` themselves). */
	constructor(parts: HandOffRelayParts, intervalMs: number | null = HAND_OFF_POLL_MS) {
		this.#parts = parts;
		this.#intervalMs = intervalMs;
	}

	/** This replica's current term as leader (the claim token written to rows it claims). */
	get term(): string {
		return this.#term;
	}

	/** A new term: called when this replica (again) starts the engine as leader. */
	newTerm(): void {
		this.#term = randomUUID();
	}

	start(): void {
		if (this.#intervalMs === null || this.#timer) return;
		this.#timer = setInterval(() => void this.tick().catch((error: unknown) => log.warn('could not relay handed-off actions', { error: error instanceof Error ? error.message : String(error) })), this.#intervalMs);
		this.#timer.unref();
	}

	async stop(): Promise<void> {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		await this.#ticking;
	}

	/** Resolves when every publication this replica started has its outcome (tests, shutdown). */
	async idle(): Promise<void> {
		await Promise.allSettled([...this.#inFlight.values()]);
	}

	/** Claims and starts publishing every queued row (one round at a time); resolves with how many it claimed. */
	tick(): Promise<number> {
		this.#ticking ??= this.#round().finally(() => (this.#ticking = null));
		return this.#ticking;
	}

	async #round(): Promise<number> {
		const { db, engine, events, leads } = this.#parts;
		if (!leads() || !engine.running) return 0;
		// Chat messages followers stored for the parties (no reply to wait for).
		await publishHandedOffChat(db, engine, events);
		let claimed = 0;
		for (const row of await listQueuedEntries(db)) {
			if (this.#inFlight.has(row.request_id)) continue;
			const ready = await this.claim(row);
			if (!ready) continue;
			claimed++;
			const publishing = this.publish(ready).finally(() => this.#inFlight.delete(row.request_id));
			this.#inFlight.set(row.request_id, publishing);
		}
		return claimed;
	}

	/** Opens the row's signer from the vault: its solver key, or the stored node key. */
	async #openSigner(pubkey: string): Promise<{ pubkey: string; secret: Uint8Array } | null> {
		const { db, sealer } = this.#parts;
		const solver = await findSolverByPubkey(db, pubkey);
		if (solver) return openSolverSecret(db, sealer, solver.user_id);
		const stored = await db.selectFrom('node_key').select('pubkey').executeTakeFirst();
		if (stored?.pubkey !== pubkey) return null;
		const node = await openNodeKey(db, sealer);
		if (node && getPubkey(node) === pubkey) return { pubkey, secret: node };
		node?.fill(0);
		return null;
	}

	async #withdraw(row: JournalRow): Promise<void> {
		await this.#parts.db.transaction().execute(async (tx) => {
			if (!(await withdrawQueued(tx, row.request_id, 'no_signer', Date.now()))) return;
			await appendAudit(tx, systemActor('system', row.actor_user_id), { action: `${row.action}.withdrawn`, subject: row.dispute_id ? `dispute:${row.dispute_id}` : null, details: { requestId: row.request_id, reason: 'no_signer' } });
		});
	}

	/**
	 * Claims one queued row for this term: signs it and stores the event with the claim, or takes
	 * over the event an earlier term stored. Null when another claim won, or nothing can be sent.
	 */
	async claim(row: JournalRow): Promise<ClaimedHandOff | null> {
		const { db, engine, messenger } = this.#parts;
		if (row.state !== 'queued' || row.claimed_by === this.#term) return null;
		const node = engine.nodePubkey;
		const info = node ? await getInstanceInfo(db, node) : null;
		if (!info) return null;
		const handed = readHandedOff(row);
		const signer = handed ? await this.#openSigner(row.signer_pubkey) : null;
		if (!handed || !signer) {
			await this.#withdraw(row);
			return null;
		}
		const request: SendRequest = {
			action: row.action,
			message: handed.message,
			requestId: row.request_id,
			signer,
			disputeId: row.dispute_id,
			orderId: row.order_id,
			actor: systemActor('system', row.actor_user_id),
			details: parseDetails(row.details),
			timeoutMs: handed.timeoutMs ?? undefined
		};
		const powBits = requiredPow(info);
		const stored = readOutgoingEvent(row);
		let event: NostrEvent;
		let won: boolean;
		if (stored && row.claimed_by) {
			event = stored;
			won = await takeOverClaim(db, row.request_id, this.#term, row.claimed_by, Date.now());
		} else {
			event = await messenger.stamp(request, info, powBits);
			won = await claimWithEvent(db, row.request_id, this.#term, event, Date.now());
		}
		if (!won) {
			signer.secret.fill(0);
			return null;
		}
		crashIfArmed('after-hand-off-claim', row.action);
		return { request, info, powBits, event, takenOver: stored !== null };
	}

	/** Publishes a claimed row and waits for its reply; the signer's key is wiped afterwards. */
	async publish(claimed: ClaimedHandOff): Promise<SendOutcome> {
		try {
			return await this.#parts.messenger.deliverHandedOff(claimed.request, claimed.info, claimed.powBits, claimed.event, this.#term, claimed.takenOver);
		} finally {
			claimed.request.signer.secret.fill(0);
		}
	}
}
