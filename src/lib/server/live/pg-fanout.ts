// Live updates across replicas (issue 20): every message published on this replica's hub is
// sent to the others through PostgreSQL NOTIFY, and what the others send arrives by LISTEN and is
// published on this hub, so a browser on replica B sees what replica A ingested. Wraps the hub
// from outside (subscribe + publish); messages carry ids and statuses only (PostgreSQL caps a
// payload at 8000 bytes; a larger one stays local and is logged). A received payload is parsed
// by its topic's parser (live-topics.ts) before it is published, and a notice keeps its one
// audience. Never relays a message twice, never publishes a payload of the wrong shape.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { createClient } from '../db/postgres-pool.ts';
import { log } from '../log.ts';
import { parseLiveEvent, type LiveEvent } from '../../live-topics.ts';
import type { LiveHub } from './hub.ts';

export const LIVE_CHANNEL = 'mediator_live';
const MAX_PAYLOAD = 7900;
const RECONNECT_MS = 1000;

interface Envelope {
	origin: string;
	topic: string;
	data: unknown;
	/** The one user a notice is for; null for a broadcast topic. */
	audience: number | null;
}

interface ReceivedEnvelope {
	origin: string;
	event: LiveEvent;
	audience: number | null;
}

export function parseEnvelope(payload: string | undefined): ReceivedEnvelope | null {
	if (!payload) return null;
	try {
		const value: unknown = JSON.parse(payload);
		if (typeof value !== 'object' || value === null) return null;
		const { origin, topic, data, audience } = value as Record<string, unknown>;
		if (typeof origin !== 'string' || typeof topic !== 'string') return null;
		const event = parseLiveEvent(topic, JSON.stringify(data ?? null));
		if (!event) return null;
		const to = typeof audience === 'number' && Number.isInteger(audience) ? audience : null;
		return { origin, event, audience: to };
	} catch {
		return null;
	}
}

/** Publishes a parsed event on the local hub; a notice without its user is dropped. */
export function republish(hub: LiveHub, event: LiveEvent, audience: number | null): void {
	switch (event.topic) {
		case 'notice':
			if (audience !== null) hub.publishTo(audience, 'notice', event.data);
			return;
		case 'dispute':
			hub.publish('dispute', event.data);
			return;
		case 'order':
			hub.publish('order', event.data);
			return;
		case 'instance':
			hub.publish('instance', event.data);
			return;
		case 'health':
			hub.publish('health', event.data);
			return;
		case 'chat':
			hub.publish('chat', event.data);
			return;
		case 'reset':
			return;
	}
}

export class PostgresLiveFanout {
	readonly origin = randomBytes(6).toString('hex');
	readonly #hub: LiveHub;
	readonly #url: string;
	#listener: pg.Client | null = null;
	#sender: pg.Client | null = null;
	#relaying = false;
	#stopped = false;
	#unsubscribe: (() => void) | null = null;
	#reconnect: ReturnType<typeof setTimeout> | null = null;

	constructor(hub: LiveHub, url: string) {
		this.#hub = hub;
		this.#url = url;
	}

	async start(): Promise<void> {
		await this.#listen();
		this.#unsubscribe = this.#hub.subscribe((message) => {
			if (this.#relaying) return;
			this.#send({ origin: this.origin, topic: message.topic, data: message.data, audience: message.audience });
		});
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		if (this.#reconnect) clearTimeout(this.#reconnect);
		this.#unsubscribe?.();
		await Promise.all([this.#listener?.end().catch(() => {}), this.#sender?.end().catch(() => {})]);
		this.#listener = null;
		this.#sender = null;
	}

	async #listen(): Promise<void> {
		const client = createClient(this.#url, 'mostro-mediator live');
		client.on('error', () => this.#retryListen(client));
		client.on('end', () => this.#retryListen(client));
		client.on('notification', (notification) => {
			if (notification.channel !== LIVE_CHANNEL) return;
			const envelope = parseEnvelope(notification.payload);
			if (!envelope || envelope.origin === this.origin) return;
			this.#relaying = true;
			try {
				republish(this.#hub, envelope.event, envelope.audience);
			} finally {
				this.#relaying = false;
			}
		});
		await client.connect();
		await client.query(`LISTEN ${LIVE_CHANNEL}`);
		this.#listener = client;
	}

	#retryListen(client: pg.Client): void {
		if (this.#stopped || this.#listener !== client) return;
		this.#listener = null;
		this.#reconnect = setTimeout(() => {
			this.#listen().catch((error: unknown) => {
				log.warn('could not listen for live updates from other replicas', { error: error instanceof Error ? error.message : String(error) });
				this.#retryListen(client);
			});
		}, RECONNECT_MS);
		this.#reconnect.unref?.();
	}

	#send(envelope: Envelope): void {
		const payload = JSON.stringify(envelope);
		if (payload.length > MAX_PAYLOAD) {
			log.warn('a live update is too large for other replicas and stays local', { topic: envelope.topic });
			return;
		}
		void this.#senderClient()
			.then((client) => client.query('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, payload]))
			.catch((error: unknown) => {
				this.#sender = null;
				log.warn('could not send a live update to other replicas', { topic: envelope.topic, error: error instanceof Error ? error.message : String(error) });
			});
	}

	async #senderClient(): Promise<pg.Client> {
		if (this.#sender) return this.#sender;
		const client = createClient(this.#url, 'mostro-mediator live');
		client.on('error', () => {
			if (this.#sender === client) this.#sender = null;
		});
		this.#sender = client;
		await client.connect();
		return client;
	}
}
