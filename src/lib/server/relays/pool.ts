// The relay pool (ARCHITECTURE "Reliability rules"): one connection per configured relay,
// subscriptions shared by all of them, publish to all with per-relay receipts. Events are
// handed to the caller with the relay they came from; deduplication happens after
// validation (a relay could send a forged copy of a real id first). One-shot queries ask every
// relay at once and return each relay's answer separately, for the same reason.
import { RelayConnection, type FiltersFor, type PublishReceipt, type QueryResult, type RelayHealth } from './relay-connection.ts';

export interface PoolHandlers {
	onEvent(subscription: string, event: unknown, relay: string): void;
	onEose?(subscription: string, relay: string): void;
	onStatus?(relay: string): void;
}

export class RelayPool {
	readonly #connections = new Map<string, RelayConnection>();
	readonly #subscriptions = new Map<string, FiltersFor>();
	readonly #handlers: PoolHandlers;
	readonly #backoff: { baseMs: number; maxMs: number } | undefined;

	constructor(handlers: PoolHandlers, backoff?: { baseMs: number; maxMs: number }) {
		this.#handlers = handlers;
		this.#backoff = backoff;
	}

	/** Connects to new relays and drops removed ones; existing connections are kept. */
	setRelays(urls: readonly string[]): void {
		const wanted = new Set(urls);
		for (const [url, connection] of this.#connections) {
			if (!wanted.has(url)) {
				connection.stop();
				this.#connections.delete(url);
			}
		}
		for (const url of wanted) {
			if (this.#connections.has(url)) continue;
			const connection = new RelayConnection(
				url,
				{
					onEvent: (sub, event, relay) => this.#handlers.onEvent(sub, event, relay),
					onEose: (sub, relay) => this.#handlers.onEose?.(sub, relay),
					onStatus: (relay) => this.#handlers.onStatus?.(relay)
				},
				this.#backoff
			);
			for (const [id, filters] of this.#subscriptions) connection.subscribe(id, filters);
			this.#connections.set(url, connection);
			connection.start();
		}
	}

	relays(): string[] {
		return [...this.#connections.keys()];
	}

	subscribe(id: string, filters: FiltersFor): void {
		this.#subscriptions.set(id, filters);
		for (const connection of this.#connections.values()) connection.subscribe(id, filters);
	}

	unsubscribe(id: string): void {
		this.#subscriptions.delete(id);
		for (const connection of this.#connections.values()) connection.unsubscribe(id);
	}

	/** Publishes to every relay at once; resolves when each has answered or timed out. */
	publish(event: { id: string }): Promise<PublishReceipt[]> {
		return Promise.all([...this.#connections.values()].map((connection) => connection.publish(event)));
	}

	/** REQ on every relay until EOSE (or `timeoutMs`), then CLOSE; one result per relay. */
	query(filters: Record<string, unknown>[], timeoutMs: number): Promise<QueryResult[]> {
		return Promise.all([...this.#connections.values()].map((connection) => connection.query(filters, timeoutMs)));
	}

	health(): RelayHealth[] {
		return [...this.#connections.values()].map((connection) => ({ ...connection.health }));
	}

	stop(): void {
		for (const connection of this.#connections.values()) connection.stop();
		this.#connections.clear();
	}
}
