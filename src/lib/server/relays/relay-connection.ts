// One websocket connection to one relay: connects, re-sends its subscriptions after
// every reconnect (jittered exponential back-off), publishes with OK receipts and keeps
// the relay's health (state, last event, last error, round-trip of the last publish), and runs
// one-shot queries (REQ → events until EOSE or a time-out → CLOSE).
// Never lets a relay's frame throw into the engine; never retries a publish by itself.
import WebSocket from 'ws';
import { parseRelayFrame } from './relay-frames.ts';
import { QueryTurns } from './query-turns.ts';

export type RelayStatus = 'connecting' | 'connected' | 'disconnected' | 'stopped';

export interface RelayHealth {
	url: string;
	status: RelayStatus;
	connectedSince: number | null;
	lastEventAt: number | null;
	lastError: string | null;
	lastErrorAt: number | null;
	lastPublishRttMs: number | null;
	reconnects: number;
	invalidFrames: number;
	notices: number;
}

/** The receipt message of an event that never left the console (no open connection to that relay). */
export const NOT_CONNECTED = 'not connected';

export interface PublishReceipt {
	relay: string;
	accepted: boolean;
	message: string;
	rttMs: number | null;
}

export interface ConnectionHandlers {
	onEvent(subscription: string, event: unknown, relay: string): void;
	onEose(subscription: string, relay: string): void;
	onStatus(relay: string): void;
}

export interface BackoffSettings {
	baseMs: number;
	maxMs: number;
}

export type FiltersFor = (relay: string) => Record<string, unknown>[];

/** What one relay returned for a one-shot query; `complete` is false when EOSE never came. */
export interface QueryResult {
	relay: string;
	events: unknown[];
	complete: boolean;
	/** Set when the relay closed the subscription or was not reachable. */
	error: string | null;
}

/** A relay never gets more than this many events into one query's result. */
export const MAX_QUERY_EVENTS = 20_000;
let querySequence = 0;

/**
 * One-shot queries open at once on one connection; the rest wait their turn (query-turns.ts), so
 * the long-lived subscriptions (dispute events, the node's replies, the dispute chat) are never
 * pushed out (soak benchmark: a burst of evidence-import queries silently ended them).
 */
export const MAX_CONCURRENT_QUERIES = 8;

const PUBLISH_TIMEOUT_MS = 10_000;
/** How long a publish waits for a connection that is being (re)established. */
const CONNECT_WAIT_MS = 5_000;

export class RelayConnection {
	readonly url: string;
	readonly #handlers: ConnectionHandlers;
	readonly #backoff: BackoffSettings;
	readonly #subscriptions = new Map<string, FiltersFor>();
	readonly #pendingPublishes = new Map<string, { started: number; resolve(receipt: PublishReceipt): void; timer: ReturnType<typeof setTimeout> }>();
	readonly #queries = new Map<string, { events: unknown[]; finish(complete: boolean, error: string | null): void }>();
	readonly #openWaiters = new Set<() => void>();
	readonly #queryTurns = new QueryTurns(MAX_CONCURRENT_QUERIES);
	#socket: WebSocket | null = null;
	#retryTimer: ReturnType<typeof setTimeout> | null = null;
	#attempt = 0;
	#stopped = false;
	readonly health: RelayHealth;

	constructor(url: string, handlers: ConnectionHandlers, backoff: BackoffSettings = { baseMs: 500, maxMs: 30_000 }) {
		this.url = url;
		this.#handlers = handlers;
		this.#backoff = backoff;
		this.health = {
			url,
			status: 'disconnected',
			connectedSince: null,
			lastEventAt: null,
			lastError: null,
			lastErrorAt: null,
			lastPublishRttMs: null,
			reconnects: 0,
			invalidFrames: 0,
			notices: 0
		};
	}

	start(): void {
		this.#stopped = false;
		this.#connect();
	}

	stop(): void {
		this.#stopped = true;
		if (this.#retryTimer) clearTimeout(this.#retryTimer);
		this.#retryTimer = null;
		this.#socket?.terminate();
		this.#socket = null;
		for (const [id, pending] of this.#pendingPublishes) {
			clearTimeout(pending.timer);
			pending.resolve({ relay: this.url, accepted: false, message: 'connection stopped', rttMs: null });
			this.#pendingPublishes.delete(id);
		}
		for (const query of this.#queries.values()) query.finish(false, 'connection stopped');
		for (const wake of this.#openWaiters) wake();
		this.#setStatus('stopped');
	}

	/** Adds or replaces a subscription; sent now if connected and after every reconnect. */
	subscribe(id: string, filters: FiltersFor): void {
		this.#subscriptions.set(id, filters);
		this.#sendRequest(id);
	}

	unsubscribe(id: string): void {
		if (this.#subscriptions.delete(id)) this.#send(['CLOSE', id]);
	}

	/** Resolves true once the socket is open, false if it is not within `timeoutMs`. */
	#whenOpen(timeoutMs: number): Promise<boolean> {
		if (this.#socket?.readyState === WebSocket.OPEN) return Promise.resolve(true);
		if (this.#stopped) return Promise.resolve(false);
		return new Promise((resolve) => {
			const started = Date.now();
			const poll = setInterval(() => {
				const open = this.#socket?.readyState === WebSocket.OPEN;
				if (open || this.#stopped || Date.now() - started > timeoutMs) {
					clearInterval(poll);
					resolve(open);
				}
			}, 20);
		});
	}

	/**
	 * Sends an event and resolves with this relay's OK, or a refusal on time-out. A connection
	 * still being (re)established gets a few seconds before the event counts as not sent.
	 */
	async publish(event: { id: string }): Promise<PublishReceipt> {
		if (!(await this.#whenOpen(CONNECT_WAIT_MS))) return { relay: this.url, accepted: false, message: NOT_CONNECTED, rttMs: null };
		return new Promise((resolve) => {
			const started = performance.now();
			const timer = setTimeout(() => {
				this.#pendingPublishes.delete(event.id);
				resolve({ relay: this.url, accepted: false, message: 'no OK before time-out', rttMs: null });
			}, PUBLISH_TIMEOUT_MS);
			this.#pendingPublishes.set(event.id, { started, resolve, timer });
			this.#send(['EVENT', event]);
		});
	}

	/**
	 * One-shot query: waits for the connection (within the time-out), sends REQ, collects events
	 * until EOSE, then CLOSEs. Resolves with what arrived even on time-out (`complete: false`).
	 */
	async query(filters: Record<string, unknown>[], timeoutMs: number): Promise<QueryResult> {
		const deadline = Date.now() + timeoutMs;
		if (this.#socket?.readyState !== WebSocket.OPEN && !this.#stopped) {
			await new Promise<void>((resolve) => {
				const done = () => {
					clearTimeout(timer);
					this.#openWaiters.delete(done);
					resolve();
				};
				const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
				this.#openWaiters.add(done);
			});
		}
		if (this.#socket?.readyState !== WebSocket.OPEN) return { relay: this.url, events: [], complete: false, error: 'not connected' };
		// Waiting for a slot does not eat the query's own time: each running one ends within its time-out.
		const started = Date.now();
		await this.#queryTurns.take();
		const budget = Math.max(1, deadline - started);
		try {
			if (this.#socket?.readyState !== WebSocket.OPEN) return { relay: this.url, events: [], complete: false, error: 'not connected' };
			return await this.#runQuery(filters, budget);
		} finally {
			this.#queryTurns.done();
		}
	}

	#runQuery(filters: Record<string, unknown>[], timeoutMs: number): Promise<QueryResult> {
		const id = `q${++querySequence}`;
		return new Promise<QueryResult>((resolve) => {
			const events: unknown[] = [];
			const timer = setTimeout(() => finish(false, null), timeoutMs);
			const finish = (complete: boolean, error: string | null) => {
				if (!this.#queries.has(id)) return;
				clearTimeout(timer);
				this.#queries.delete(id);
				this.#send(['CLOSE', id]);
				resolve({ relay: this.url, events, complete, error });
			};
			this.#queries.set(id, { events, finish });
			this.#send(['REQ', id, ...filters]);
		});
	}

	#connect(): void {
		if (this.#stopped) return;
		this.#setStatus('connecting');
		let socket: WebSocket;
		try {
			socket = new WebSocket(this.url, { maxPayload: 1024 * 1024, handshakeTimeout: 10_000 });
		} catch (error) {
			this.#fail(error);
			return;
		}
		this.#socket = socket;
		socket.on('open', () => {
			this.#attempt = 0;
			this.health.connectedSince = Date.now();
			this.#setStatus('connected');
			for (const id of this.#subscriptions.keys()) this.#sendRequest(id);
			for (const wake of this.#openWaiters) wake();
		});
		socket.on('message', (data) => this.#receive(data.toString()));
		socket.on('error', (error) => this.#recordError(error));
		socket.on('close', () => {
			if (this.#socket !== socket) return;
			this.#socket = null;
			this.health.connectedSince = null;
			for (const query of this.#queries.values()) query.finish(false, 'connection closed');
			this.#scheduleReconnect();
		});
	}

	#receive(data: string): void {
		const frame = parseRelayFrame(data);
		switch (frame.type) {
			case 'EVENT': {
				const query = this.#queries.get(frame.subscription);
				if (query) {
					if (query.events.length < MAX_QUERY_EVENTS) query.events.push(frame.event);
					return;
				}
				if (!this.#subscriptions.has(frame.subscription)) return;
				this.health.lastEventAt = Date.now();
				this.#handlers.onEvent(frame.subscription, frame.event, this.url);
				return;
			}
			case 'EOSE':
				if (this.#queries.has(frame.subscription)) {
					this.#queries.get(frame.subscription)?.finish(true, null);
					return;
				}
				this.#handlers.onEose(frame.subscription, this.url);
				return;
			case 'OK': {
				const pending = this.#pendingPublishes.get(frame.eventId);
				if (!pending) return;
				clearTimeout(pending.timer);
				this.#pendingPublishes.delete(frame.eventId);
				const rttMs = Math.round(performance.now() - pending.started);
				this.health.lastPublishRttMs = rttMs;
				pending.resolve({ relay: this.url, accepted: frame.accepted, message: frame.message, rttMs });
				return;
			}
			case 'CLOSED':
				if (this.#queries.has(frame.subscription)) {
					this.#queries.get(frame.subscription)?.finish(false, frame.message.slice(0, 200) || 'closed by the relay');
					return;
				}
				this.#recordError(new Error(`subscription ${frame.subscription} closed: ${frame.message}`));
				return;
			case 'NOTICE':
				this.health.notices += 1;
				return;
			case 'invalid':
				this.health.invalidFrames += 1;
				this.#handlers.onStatus(this.url);
		}
	}

	#sendRequest(id: string): void {
		const filters = this.#subscriptions.get(id);
		if (!filters || this.#socket?.readyState !== WebSocket.OPEN) return;
		const list = filters(this.url);
		if (list.length === 0) this.#send(['CLOSE', id]);
		else this.#send(['REQ', id, ...list]);
	}

	#send(frame: unknown[]): void {
		if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(frame));
	}

	#recordError(error: unknown): void {
		this.health.lastError = error instanceof Error ? error.message.slice(0, 300) : String(error).slice(0, 300);
		this.health.lastErrorAt = Date.now();
		this.#handlers.onStatus(this.url);
	}

	#fail(error: unknown): void {
		this.#recordError(error);
		this.#scheduleReconnect();
	}

	#scheduleReconnect(): void {
		if (this.#stopped) return;
		this.#setStatus('disconnected');
		const ceiling = Math.min(this.#backoff.maxMs, this.#backoff.baseMs * 2 ** this.#attempt);
		const delay = Math.round(ceiling * (0.5 + Math.random() * 0.5));
		this.#attempt = Math.min(this.#attempt + 1, 20);
		this.health.reconnects += 1;
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = null;
			this.#connect();
		}, delay);
	}

	#setStatus(status: RelayStatus): void {
		if (this.health.status === status) return;
		this.health.status = status;
		this.#handlers.onStatus(this.url);
	}
}
