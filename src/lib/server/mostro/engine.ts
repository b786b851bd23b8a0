// The Mostro engine (ARCHITECTURE "One process, three layers"): one relay pool per
// configured node, subscriptions that resume from persisted cursors, intake of the node's
// public events, relay-health announcements. Started once at server start; reconfigured
// when an operator changes the node connection. Never publishes anything on its own.
import { filterValueChunks } from '../relays/filter-chunks.ts';
import type { Db } from '../db/index.ts';
import type { LiveHub } from '../live/hub.ts';
import { RelayPool } from '../relays/pool.ts';
import { CursorStore } from '../relays/cursors.ts';
import type { PublishReceipt, QueryResult, RelayHealth } from '../relays/relay-connection.ts';
import { Intake, type IntakeStats } from './intake.ts';
import { listLinkedOrderIds } from '../cases/dispute-store.ts';
import type { NodeConnection } from './node-connection.ts';
import { isEventSignatureValid, parseEvent } from '../../protocol/event.ts';
import { KIND_DISPUTE, KIND_INFO, KIND_ORDER } from '../../protocol/events/common.ts';

/** Re-ask this much before the cursor so events relays received late are not missed. */
export const CURSOR_OVERLAP_SECONDS = 300;
const CURSOR_FLUSH_MS = 2000;

export interface EngineHealth {
	nodePubkey: string | null;
	relays: Array<RelayHealth & { intake: IntakeStats; fromNodeList: boolean }>;
}

type Filter = Record<string, unknown>;

export interface Watch {
	filters: (relay: string, node: string) => Filter[];
	handler: (event: unknown, relay: string) => void;
}

export class MostroEngine {
	readonly #db: Db;
	readonly #live: LiveHub;
	#connection: NodeConnection | null = null;
	#pool: RelayPool | null = null;
	#intake: Intake | null = null;
	#cursors: CursorStore;
	#linkedOrders = new Set<string>();
	#nodeListRelays: string[] = [];
	#flushTimer: ReturnType<typeof setInterval> | null = null;
	#healthTimer: ReturnType<typeof setTimeout> | null = null;
	readonly #watches = new Map<string, Watch>();
	readonly #revisionListeners = new Set<(disputeId: string) => void>();

	constructor(db: Db, live: LiveHub) {
		this.#db = db;
		this.#live = live;
		this.#cursors = new CursorStore(db);
	}

	get nodePubkey(): string | null {
		return this.#connection?.pubkey ?? null;
	}

	/** True while the engine follows a node (started and not stopped): only then can it publish. */
	get running(): boolean {
		return this.#pool !== null;
	}

	async start(connection: NodeConnection): Promise<void> {
		await this.stop();
		this.#connection = connection;
		if (!connection.pubkey) return;
		await this.#cursors.load();
		this.#linkedOrders = new Set(await listLinkedOrderIds(this.#db));
		const node = connection.pubkey;
		this.#intake = new Intake(this.#db, node, this.#live, {
			isLinkedOrder: (id) => this.#linkedOrders.has(id),
			onDisputeRevision: (disputeId) => {
				for (const listener of this.#revisionListeners) listener(disputeId);
			},
			onSeen: (subscription, createdAt, relay) => {
				if (subscription === 'disputes') this.#cursors.advance(relay, subscription, createdAt);
			}
		});
		this.#pool = new RelayPool({
			onEvent: (subscription, event, relay) => {
				const watch = this.#watches.get(subscription);
				if (watch) watch.handler(event, relay);
				else if (subscription === 'relay-list') this.#handleRelayList(event);
				else this.#intake?.handle(subscription, event, relay);
			},
			onEose: (subscription) => {
				if (subscription === 'disputes') void this.settled().then(() => this.#cursors.flush());
			},
			onStatus: () => this.#announceHealth()
		});
		this.#pool.subscribe('info', () => [
			{ kinds: [KIND_INFO], authors: [node], '#d': [node] },
			{ kinds: [KIND_ORDER], authors: [node], '#z': ['info'], limit: 1 }
		]);
		this.#pool.subscribe('disputes', (relay) => {
			const since = this.#cursors.sinceFor(relay, 'disputes', CURSOR_OVERLAP_SECONDS);
			const withSince = (filter: Filter): Filter => (since === null ? filter : { ...filter, since });
			return [withSince({ kinds: [KIND_DISPUTE], authors: [node] }), withSince({ kinds: [KIND_ORDER], authors: [node], '#z': ['dispute'] })];
		});
		this.#subscribeOrders();
		for (const id of this.#watches.keys()) this.#subscribeWatch(id);
		if (connection.useNodeRelayList) this.#pool.subscribe('relay-list', () => [{ kinds: [10002], authors: [node], limit: 1 }]);
		this.#pool.setRelays(connection.relays);
		this.#flushTimer = setInterval(() => void this.#cursors.flush(), CURSOR_FLUSH_MS);
		this.#flushTimer.unref();
	}

	async stop(): Promise<void> {
		if (this.#flushTimer) clearInterval(this.#flushTimer);
		this.#flushTimer = null;
		this.#pool?.stop();
		this.#pool = null;
		await this.#intake?.settled();
		this.#intake = null;
		this.#nodeListRelays = [];
		await this.#cursors.flush();
	}

	/** Called after a dispute's current state changed (reconciliation of open actions). */
	onDisputeRevision(listener: (disputeId: string) => void): void {
		this.#revisionListeners.add(listener);
	}

	/**
	 * Routes events matching `filters` on every relay to `handler` (replies to our solver keys,
	 * dispute chats). Kept across reconnects and node changes; call again to refresh filters.
	 */
	watch(id: string, watch: Watch): void {
		this.#watches.set(id, watch);
		this.#subscribeWatch(id);
	}

	#subscribeWatch(id: string): void {
		const watch = this.#watches.get(id);
		const node = this.#connection?.pubkey;
		if (!watch || !node || !this.#pool) return;
		this.#pool.subscribe(id, (relay) => watch.filters(relay, node));
	}

	/** Call after a dispute learned its order id, so that order's events are followed. */
	async refreshLinkedOrders(): Promise<void> {
		this.#linkedOrders = new Set(await listLinkedOrderIds(this.#db));
		this.#intake?.claimOrders(this.#linkedOrders);
		this.#subscribeOrders();
	}

	#subscribeOrders(): void {
		const node = this.#connection?.pubkey;
		if (!node || !this.#pool) return;
		const ids = [...this.#linkedOrders];
		this.#pool.subscribe('orders', () => filterValueChunks(ids).map((chunk) => ({ kinds: [KIND_ORDER], authors: [node], '#d': chunk })));
	}

	#handleRelayList(input: unknown): void {
		const node = this.#connection?.pubkey;
		if (!node || !this.#pool || !this.#connection) return;
		let event;
		try {
			event = parseEvent(input);
		} catch {
			return;
		}
		if (event.kind !== 10002 || event.pubkey !== node || !isEventSignatureValid(event)) return;
		const listed = event.tags
			.filter((tag) => tag[0] === 'r' && typeof tag[1] === 'string' && /^wss:\/\/[^\s]+$/.test(tag[1]))
			.map((tag) => tag[1] as string)
			.slice(0, 20);
		this.#nodeListRelays = listed.filter((url) => !this.#connection?.relays.includes(url));
		this.#pool.setRelays([...this.#connection.relays, ...this.#nodeListRelays]);
	}

	/** Publishes a signed event to every relay; per-relay receipts. */
	async publish(event: { id: string }): Promise<PublishReceipt[]> {
		if (!this.#pool) return [];
		return this.#pool.publish(event);
	}

	/** One-shot query of every relay followed (configured and the node's list); see RelayPool.query. */
	async query(filters: Record<string, unknown>[], timeoutMs: number): Promise<QueryResult[]> {
		if (!this.#pool) return [];
		return this.#pool.query(filters, timeoutMs);
	}

	/** Waits until every event received so far is stored (tests, benchmarks, shutdown). */
	async settled(): Promise<void> {
		await this.#intake?.settled();
	}

	health(): EngineHealth {
		const stats = this.#intake?.stats() ?? {};
		return {
			nodePubkey: this.#connection?.pubkey ?? null,
			relays: (this.#pool?.health() ?? []).map((relay) => ({
				...relay,
				intake: stats[relay.url] ?? { accepted: 0, duplicates: 0, rejected: {} },
				fromNodeList: this.#nodeListRelays.includes(relay.url)
			}))
		};
	}

	#announceHealth(): void {
		if (this.#healthTimer) return;
		this.#healthTimer = setTimeout(() => {
			this.#healthTimer = null;
			this.#live.publish('health', {});
		}, 500);
		this.#healthTimer.unref();
	}
}
