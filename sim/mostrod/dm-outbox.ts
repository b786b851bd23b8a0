// Replies leaving the node double (MOSTROD.md §0.2 "Mostro → user", §0.3): direct DMs are
// wrapped and published at once; queued DMs go into two FIFOs (order messages, CantDo) that a
// timer drains one message per queue per tick (default 250 ms), retried up to four times. The
// node key is identity and trade key, the inner message is never signed, and `version` is
// stamped 1 or 2 by transport. Must never send anything after `stop()`.
import type { Message } from '../../src/lib/protocol/message.ts';
import type { NostrEvent } from '../../src/lib/protocol/event.ts';
import { wrapV1 } from '../../src/lib/protocol/transport-v1.ts';
import { DM_EXPIRATION_SECS, wrapV2 } from '../../src/lib/protocol/transport-v2.ts';
import type { ResolvedOptions } from './options.ts';
import type { RelayPool } from './relay-link.ts';

type Queued = { to: string; message: Message; tries: number };
export type SentDm = { to: string; message: Message; event: NostrEvent; queued: boolean };

export class DmOutbox {
	readonly #o: ResolvedOptions;
	readonly #pool: RelayPool;
	readonly #orderQueue: Queued[] = [];
	readonly #cantDoQueue: Queued[] = [];
	readonly #timer: ReturnType<typeof setInterval>;
	#stopped = false;
	/** Log of every DM sent (newest last), for tests and the control API. */
	readonly sent: SentDm[] = [];

	constructor(o: ResolvedOptions, pool: RelayPool) {
		this.#o = o;
		this.#pool = pool;
		this.#timer = setInterval(() => void this.#flush(), Math.max(1, o.dmFlushMs));
	}

	#wrap(to: string, m: Message): NostrEvent {
		const message: Message = { variant: m.variant, kind: { ...m.kind, version: this.#o.protocolVersion } };
		const now = Math.floor(this.#o.clock() / 1000);
		if (this.#o.protocolVersion === 2) {
			return wrapV2(message, {
				senderSecret: this.#o.secretKey,
				recipientPubkey: to,
				now,
				expiration: now + DM_EXPIRATION_SECS,
				random: this.#o.random
			});
		}
		return wrapV1(message, { tradeSecret: this.#o.secretKey, recipientPubkey: to, now, random: this.#o.random });
	}

	async #send(to: string, m: Message, queued: boolean): Promise<boolean> {
		if (this.#stopped) return false;
		const event = this.#wrap(to, m);
		const ok = await this.#pool.publish(event);
		if (ok) {
			this.sent.push({ to, message: m, event, queued });
			if (this.sent.length > 5000) this.sent.shift();
		}
		return ok;
	}

	/** Direct DM (`send_dm`): published now; resolves false when no relay took it. */
	direct(to: string, m: Message): Promise<boolean> {
		return this.#send(to, m, false);
	}

	/** `enqueue_order_msg`. */
	enqueue(to: string, m: Message): void {
		if (!this.#stopped) this.#orderQueue.push({ to, message: m, tries: 0 });
	}

	/** `enqueue_cant_do_msg`. */
	enqueueCantDo(to: string, m: Message): void {
		if (!this.#stopped) this.#cantDoQueue.push({ to, message: m, tries: 0 });
	}

	pending(): number {
		return this.#orderQueue.length + this.#cantDoQueue.length;
	}

	#flushing = false;
	async #flush(): Promise<void> {
		if (this.#flushing || this.#stopped) return;
		this.#flushing = true;
		try {
			for (const queue of [this.#orderQueue, this.#cantDoQueue]) {
				const item = queue.shift();
				if (!item) continue;
				const ok = await this.#send(item.to, item.message, true);
				if (!ok && !this.#stopped && ++item.tries < 4) queue.unshift(item);
			}
		} finally {
			this.#flushing = false;
		}
	}

	stop(): void {
		this.#stopped = true;
		clearInterval(this.#timer);
		this.#orderQueue.length = 0;
		this.#cantDoQueue.length = 0;
	}
}
