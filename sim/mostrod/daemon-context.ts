// Shared context of the node double's handlers: options, state, publisher, DM outbox, Lightning
// and the fault switches, plus the two error classes that decide between a CantDo reply and
// silence (MOSTROD.md §0 "Silent", §9.4, §9.5). Must never send a reply for an InternalError.
import type { CantDoReason } from '../../src/lib/protocol/cant-do.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { buildRandomUuid } from '../../src/lib/protocol/random.ts';
import type { DmOutbox } from './dm-outbox.ts';
import type { LightningPort } from './lightning-port.ts';
import type { ResolvedOptions } from './options.ts';
import type { InitiatorSide, Publisher } from './publisher.ts';
import type { OrderRecord, StateStore } from './state-store.ts';

/** `MostroCantDo(reason)`: answered with a queued cant-do to the sender. */
export class CantDoError extends Error {
	readonly reason: CantDoReason;
	constructor(reason: CantDoReason) {
		super(`cant-do ${reason}`);
		this.reason = reason;
	}
}

/** `MostroInternalErr`: logged only, the requester gets nothing. */
export class InternalError extends Error {}

export type Faults = {
	/** true = drop every request; a set = drop requests with these actions. */
	silent: boolean | Set<string>;
	/** One-shot: the next settle guard (status still `dispute`?) loses to a concurrent change. */
	settleGuardRace: boolean;
	/** Fail the next Nostr publish of a dispute event (DisputeEventError). */
	failDisputePublish: boolean;
	/** Non-null: a party close (cooperative cancel) keeps its public events here instead of publishing them (a slow relay). */
	heldCloseEvents: Array<() => Promise<unknown>> | null;
};

export type Ctx = {
	o: ResolvedOptions;
	store: StateStore;
	publisher: Publisher;
	outbox: DmOutbox;
	ln: LightningPort;
	faults: Faults;
	/** Hashes this double is cancelling itself (so the invoice watcher ignores the CANCELED). */
	selfCanceled: Set<string>;
	timers: Set<ReturnType<typeof setTimeout>>;
	/** Registered by order-lifecycle.ts: watch a trade hold invoice. */
	watchHold: (order: OrderRecord) => void;
	/** Registered by payout.ts: pay the buyer in the background. */
	startPayout: (order: OrderRecord) => void;
};

export function nowSecs(ctx: Ctx): number {
	return Math.floor(ctx.o.clock() / 1000);
}

export function newUuid(ctx: Ctx): string {
	return buildRandomUuid(ctx.o.random);
}

export function newPreimage(ctx: Ctx): string {
	return bytesToHex(ctx.o.random(32));
}

export function isNodeKey(ctx: Ctx, pubkey: string): boolean {
	return pubkey === ctx.o.pubkey;
}

/** Initiator from the order flags; null when both or neither are set (inconsistent). */
export function initiatorOf(o: Pick<OrderRecord, 'buyerDispute' | 'sellerDispute'>): 'buyer' | 'seller' | null {
	if (o.buyerDispute === o.sellerDispute) return null;
	return o.buyerDispute ? 'buyer' : 'seller';
}

/** Initiator for auto-close events: `unknown` on inconsistent flags (MOSTROD.md §1.4). */
export function initiatorOrUnknown(o: Pick<OrderRecord, 'buyerDispute' | 'sellerDispute'>): InitiatorSide {
	return initiatorOf(o) ?? 'unknown';
}

/** A timer that stop() clears. */
export function later(ctx: Ctx, ms: number, f: () => void): void {
	const t = setTimeout(() => {
		ctx.timers.delete(t);
		f();
	}, ms);
	ctx.timers.add(t);
}

/** `0.17.3` < `[0, 17, 4]`; an unreadable version counts as new. */
export function versionAtLeast(version: string, min: readonly number[]): boolean {
	const parts = version
		.trim()
		.replace(/^v/, '')
		.split('.')
		.map((p) => Number.parseInt(p, 10));
	if (parts.some((n) => !Number.isFinite(n))) return true;
	for (let i = 0; i < min.length; i++) {
		const a = parts[i] ?? 0;
		const b = min[i] ?? 0;
		if (a !== b) return a > b;
	}
	return true;
}
