// The daemon's intake pipeline `accept_event` (MOSTROD.md §7.1, §0.1, §9.5; PROTOCOL.md §2.5):
// base PoW on the outer event, kind, outer signature, the v2 spam gate (60 s replay window,
// first-contact PoW for keys outside the active-key cache), unwrap with inner-signature checks
// against the re-serialised message, 10 s staleness, identity-without-signature, trade-index
// and `MessageKind::verify`. Every failure is a silent drop with a logged reason. Must never
// answer anything itself.
import { isEventSignatureValid, parseEvent, type NostrEvent } from '../../src/lib/protocol/event.ts';
import type { Message } from '../../src/lib/protocol/message.ts';
import { isMessageAcceptable } from '../../src/lib/protocol/message-parse.ts';
import { powOf } from '../../src/lib/protocol/pow.ts';
import { KIND_GIFT_WRAP, unwrapV1 } from '../../src/lib/protocol/transport-v1.ts';
import { KIND_V2_MESSAGE, unwrapV2 } from '../../src/lib/protocol/transport-v2.ts';
import type { ResolvedOptions } from './options.ts';
import type { StateStore } from './state-store.ts';

export type Inbound = {
	event: NostrEvent;
	/** Trade key. */
	sender: string;
	identity: string;
	message: Message;
	signed: boolean;
	/** Inner created_at (rumor on v1, event on v2). */
	createdAt: number;
};

export type GateVerdict = { ok: true; inbound: Inbound } | { ok: false; reason: string };

const TRADE_INDEX_ACTIONS: ReadonlySet<string> = new Set(['new-order', 'take-buy', 'take-sell']);
const REPLAY_WINDOW_SECS = 60;
const MAX_AGE_SECS = 10;

export class IntakeGate {
	readonly #o: ResolvedOptions;
	readonly #store: StateStore;
	readonly #seen = new Map<string, number>();
	#activeKeys: Set<string>;
	#activeBuiltAt: number;

	constructor(o: ResolvedOptions, store: StateStore) {
		this.#o = o;
		this.#store = store;
		this.#activeKeys = store.activeKeys();
		this.#activeBuiltAt = o.clock();
	}

	#now(): number {
		return Math.floor(this.#o.clock() / 1000);
	}

	/** Rebuild the active-key cache (done lazily every activeKeysRefreshMs, or on demand). */
	refreshActiveKeys(): void {
		this.#activeKeys = this.#store.activeKeys();
		this.#activeBuiltAt = this.#o.clock();
	}

	/** The daemon rebuilds the cache on a timer; here it happens lazily once the interval passed. */
	refreshActiveKeysIfDue(): void {
		if (this.#o.clock() - this.#activeBuiltAt >= this.#o.activeKeysRefreshMs) this.refreshActiveKeys();
	}

	#isKnown(pubkey: string): boolean {
		this.refreshActiveKeysIfDue();
		return this.#activeKeys.has(pubkey);
	}

	/** Replay check (v2): same id within 60 s → drop. */
	#isReplay(id: string): boolean {
		const now = this.#now();
		for (const [k, at] of this.#seen) if (now - at > REPLAY_WINDOW_SECS) this.#seen.delete(k);
		if (this.#seen.has(id)) return true;
		this.#seen.set(id, now);
		return false;
	}

	check(input: unknown): GateVerdict {
		let outer: NostrEvent;
		try {
			outer = parseEvent(input);
		} catch {
			return { ok: false, reason: 'malformed event' };
		}
		const o = this.#o;
		if (powOf(outer) < o.pow) return { ok: false, reason: 'pow' };
		const kind = o.protocolVersion === 2 ? KIND_V2_MESSAGE : KIND_GIFT_WRAP;
		if (outer.kind !== kind) return { ok: false, reason: 'kind' };
		if (!isEventSignatureValid(outer)) return { ok: false, reason: 'outer signature' };
		if (o.protocolVersion === 2) {
			if (this.#isReplay(outer.id)) return { ok: false, reason: 'replay' };
			const firstContact = Math.max(o.pow, o.powFirstContact);
			if (!this.#isKnown(outer.pubkey) && powOf(outer) < firstContact) return { ok: false, reason: 'first-contact pow' };
		}
		let inbound: Inbound;
		try {
			if (o.protocolVersion === 2) {
				const env = unwrapV2(outer, o.secretKey);
				inbound = { event: outer, sender: env.sender, identity: env.identity, message: env.message, signed: env.tradeSignature !== null, createdAt: outer.created_at };
			} else {
				const env = unwrapV1(outer, o.secretKey);
				inbound = { event: outer, sender: env.sender, identity: env.identity, message: env.message, signed: env.tradeSignature !== null, createdAt: env.rumor.created_at };
			}
		} catch (err) {
			return { ok: false, reason: `unwrap: ${(err as Error).message}` };
		}
		if (this.#now() - inbound.createdAt > MAX_AGE_SECS) return { ok: false, reason: 'stale' };
		if (o.strictMessageVersion && inbound.message.kind.version !== o.protocolVersion) return { ok: false, reason: 'version' };
		if (inbound.identity !== inbound.sender && !inbound.signed) return { ok: false, reason: 'identity without signature' };
		if (TRADE_INDEX_ACTIONS.has(inbound.message.kind.action) && !this.#tradeIndexOk(inbound)) return { ok: false, reason: 'trade index' };
		if (!isMessageAcceptable(inbound.message.kind)) return { ok: false, reason: 'verify' };
		return { ok: true, inbound };
	}

	/** Reputation mode only (identity ≠ trade key): trade_index must exceed the user's last one. */
	#tradeIndexOk(i: Inbound): boolean {
		if (i.identity === i.sender) return true;
		const idx = i.message.kind.trade_index;
		if (idx === null || !i.signed) return false;
		const user = this.#store.users.get(i.identity);
		return user === undefined || idx > user.lastTradeIndex;
	}
}
