// Intake of the node's public events (PRODUCT.md capabilities 1 and 2; PROTOCOL.md §1):
// accepts only events signed by the configured node — instance info, disputes (38386 and
// the legacy 38383 z=dispute form) and orders linked to disputes — stores each revision
// and announces changes on the live hub. Anything else is counted as a rejection by
// relay and reason; no input can throw out of `handle`. An event id stays "seen" only once
// the event was stored: an order event that arrives before its dispute's order is linked
// is parked (bounded) and claimed by `claimOrders` after the take, and a later copy of it
// is handled again. An event that could not be stored (a full disk) is tried again later.
import type { Db } from '../db/index.ts';
import type { LiveHub } from '../live/hub.ts';
import { SeenIds } from '../relays/seen-ids.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { parseEvent, isEventSignatureValid, type NostrEvent } from '../../protocol/event.ts';
import { parseDisputeEvent } from '../../protocol/events/dispute-event.ts';
import { parseOrderEvent } from '../../protocol/events/order-event.ts';
import { parseInstanceInfo } from '../../protocol/events/instance-info.ts';
import { KIND_DISPUTE, KIND_INFO, KIND_ORDER } from '../../protocol/events/common.ts';
import { tagValue } from '../../protocol/event.ts';
import { recordDisputeRevision } from '../cases/dispute-store.ts';
import { recordOrderRevision } from '../cases/order-store.ts';
import { recordInstanceInfo } from './instance-info-repository.ts';
import { log } from '../log.ts';

/** Events dated further ahead than this are refused (they would poison cursors and ordering). */
export const MAX_FUTURE_SECONDS = 600;

/** An event that could not be stored (a full disk, …) is tried again this much later, bounded. */
export const STORE_RETRY_MS = 5_000;
const MAX_STORE_RETRIES = 10_000;

/** Bounds of the orders refused for now that a later take can claim. */
export const MAX_PARKED_ORDERS = 2000;
export const MAX_PARKED_PER_ORDER = 4;

export interface IntakeStats {
	accepted: number;
	duplicates: number;
	rejected: Record<string, number>;
}

export interface IntakeOptions {
	now?: () => number;
	isLinkedOrder?: (orderId: string) => boolean;
	/** Called for every valid event a relay delivered on a subscription, duplicates included. */
	onSeen?: (subscription: string, createdAt: number, relay: string) => void;
	/** Bound of the orders refused for now (default MAX_PARKED_ORDERS). */
	maxParkedOrders?: number;
	/** Called after a dispute revision became the current state. */
	onDisputeRevision?: (disputeId: string) => void;
}

type Accepted = { kind: 'dispute' | 'order' | 'info'; event: NostrEvent; raw: string; relay: string; subscription: string };

export class Intake {
	readonly #db: Db;
	readonly #nodePubkey: string;
	readonly #live: LiveHub;
	readonly #options: IntakeOptions;
	readonly #seen = new SeenIds();
	readonly #stats = new Map<string, IntakeStats>();
	readonly #queue: Accepted[] = [];
	/** Order events refused for now (not linked yet), by order id; oldest order forgotten first. */
	readonly #parked = new Map<string, Accepted[]>();
	#draining: Promise<void> | null = null;
	/** Valid events whose storing failed, tried again by a timer (the relays do not send them twice). */
	readonly #retry = new Map<string, Accepted>();
	#retryTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(db: Db, nodePubkey: string, live: LiveHub, options: IntakeOptions = {}) {
		this.#db = db;
		this.#nodePubkey = nodePubkey;
		this.#live = live;
		this.#options = options;
	}

	#statsFor(relay: string): IntakeStats {
		let stats = this.#stats.get(relay);
		if (!stats) {
			stats = { accepted: 0, duplicates: 0, rejected: {} };
			this.#stats.set(relay, stats);
		}
		return stats;
	}

	#reject(relay: string, reason: string): void {
		const stats = this.#statsFor(relay);
		stats.rejected[reason] = (stats.rejected[reason] ?? 0) + 1;
	}

	stats(): Record<string, IntakeStats> {
		return Object.fromEntries([...this.#stats].map(([relay, stats]) => [relay, { ...stats, rejected: { ...stats.rejected } }]));
	}

	/** Cheap checks run at once; what passes is queued and stored in arrival order. */
	handle(subscription: string, input: unknown, relay: string): void {
		// Cheapest check first: a flood of forged events dies here without being parsed.
		const claimed = typeof input === 'object' && input !== null ? (input as { pubkey?: unknown }).pubkey : undefined;
		if (typeof claimed === 'string' && claimed !== this.#nodePubkey) return this.#reject(relay, 'wrong_author');
		let event: NostrEvent;
		try {
			event = parseEvent(input);
		} catch (error) {
			this.#reject(relay, isProtocolError(error) ? error.code : 'malformed');
			return;
		}
		if (this.#seen.has(event.id)) {
			this.#statsFor(relay).duplicates += 1;
			this.#options.onSeen?.(subscription, event.created_at, relay);
			return;
		}
		if (event.pubkey !== this.#nodePubkey) return this.#reject(relay, 'wrong_author');
		const now = (this.#options.now ?? (() => Math.floor(Date.now() / 1000)))();
		if (event.created_at > now + MAX_FUTURE_SECONDS) return this.#reject(relay, 'future');
		const kind = this.#classify(event);
		if (!kind) return this.#reject(relay, 'unexpected_kind');
		if (!isEventSignatureValid(event)) return this.#reject(relay, 'bad_signature');
		// Marked at once so copies from other relays are not queued twice; forgotten again
		// when the event is not stored.
		this.#seen.add(event.id);
		this.#enqueue({ kind, event, raw: JSON.stringify(input), relay, subscription });
	}

	#enqueue(item: Accepted): void {
		this.#queue.push(item);
		this.#draining ??= this.#drain().finally(() => {
			this.#draining = null;
		});
	}

	/** Stores the parked events of orders that became linked (after a take learned the order id). */
	claimOrders(orderIds: Iterable<string>): void {
		for (const id of orderIds) {
			const parked = this.#parked.get(id);
			if (!parked) continue;
			this.#parked.delete(id);
			for (const item of parked) {
				if (this.#seen.has(item.event.id)) continue;
				this.#seen.add(item.event.id);
				this.#enqueue(item);
			}
		}
	}

	/** How many order events wait for a take to claim them (health, tests). */
	get parkedOrderEvents(): number {
		let count = 0;
		for (const items of this.#parked.values()) count += items.length;
		return count;
	}

	#park(orderId: string, item: Accepted): void {
		const items = this.#parked.get(orderId) ?? [];
		this.#parked.delete(orderId);
		if (!items.some((other) => other.event.id === item.event.id)) items.push(item);
		items.sort((a, b) => b.event.created_at - a.event.created_at);
		this.#parked.set(orderId, items.slice(0, MAX_PARKED_PER_ORDER));
		if (this.#parked.size > (this.#options.maxParkedOrders ?? MAX_PARKED_ORDERS)) {
			const oldest = this.#parked.keys().next();
			if (!oldest.done) this.#parked.delete(oldest.value);
		}
	}

	/** Resolves once everything queued so far is stored (for tests and shutdown). */
	async settled(): Promise<void> {
		while (this.#draining) await this.#draining;
	}

	#classify(event: NostrEvent): Accepted['kind'] | null {
		if (event.kind === KIND_DISPUTE) return 'dispute';
		if (event.kind === KIND_INFO) return 'info';
		if (event.kind === KIND_ORDER) {
			const z = tagValue(event.tags, 'z');
			if (z === 'dispute') return 'dispute';
			if (z === 'info') return 'info';
			return 'order';
		}
		return null;
	}

	async #drain(): Promise<void> {
		for (let item = this.#queue.shift(); item; item = this.#queue.shift()) {
			try {
				await this.#store(item);
			} catch (error) {
				this.#seen.delete(item.event.id);
				if (isProtocolError(error)) {
					this.#reject(item.relay, error.code);
				} else {
					this.#reject(item.relay, 'storage_error');
					log.error('intake could not store an event', { eventId: item.event.id, error: error instanceof Error ? error.message : String(error) });
					this.#retryLater(item);
				}
			}
		}
	}

	/**
	 * Not stored for a reason of ours (the data disk was full): the relays will not deliver it
	 * again and the cursor moves on with later events, so it would be lost. Try it again later.
	 */
	#retryLater(item: Accepted): void {
		if (this.#retry.size >= MAX_STORE_RETRIES && !this.#retry.has(item.event.id)) return;
		this.#retry.set(item.event.id, item);
		if (this.#retryTimer) return;
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = null;
			const due = [...this.#retry.values()];
			this.#retry.clear();
			for (const again of due) {
				if (this.#seen.has(again.event.id)) continue;
				this.#seen.add(again.event.id);
				this.#enqueue(again);
			}
		}, STORE_RETRY_MS);
		this.#retryTimer.unref?.();
	}

	async #store(item: Accepted): Promise<void> {
		const { kind, event, raw, relay, subscription } = item;
		const nowMs = Date.now();
		const checked = { skipSignature: true };
		if (kind === 'dispute') {
			const dispute = parseDisputeEvent(event, this.#nodePubkey, checked);
			const outcome = await recordDisputeRevision(this.#db, dispute, raw, relay, nowMs);
			this.#accepted(subscription, event, relay);
			if (outcome.becameCurrent) {
				const initiator = dispute.initiator === 'buyer' || dispute.initiator === 'seller' ? dispute.initiator : null;
				this.#live.publish('dispute', { id: dispute.disputeId, change: 'revised', status: dispute.status, initiator, isNew: outcome.isNew });
				this.#options.onDisputeRevision?.(dispute.disputeId);
			}
		} else if (kind === 'order') {
			const order = parseOrderEvent(event, this.#nodePubkey, checked);
			if (!(this.#options.isLinkedOrder?.(order.orderId) ?? false)) {
				this.#seen.delete(event.id);
				this.#park(order.orderId, item);
				return this.#reject(relay, 'unrelated_order');
			}
			await recordOrderRevision(this.#db, order, raw, relay, nowMs);
			this.#accepted(subscription, event, relay);
			this.#live.publish('order', { id: order.orderId, status: order.status });
		} else {
			const info = parseInstanceInfo(event, this.#nodePubkey, checked);
			const changed = await recordInstanceInfo(this.#db, info, raw, nowMs);
			this.#accepted(subscription, event, relay);
			if (changed) this.#live.publish('instance', { protocolVersion: info.protocolVersion, pow: info.pow, maintenance: info.maintenanceMode });
		}
	}

	#accepted(subscription: string, event: NostrEvent, relay: string): void {
		this.#statsFor(relay).accepted += 1;
		this.#options.onSeen?.(subscription, event.created_at, relay);
	}
}
