// Live updates across replicas (issue 20): every message published on this replica's hub is
// sent to the others through PostgreSQL NOTIFY, and what the others send arrives by LISTEN and is
// published on this hub, so a browser on replica B sees what replica A ingested. Wraps the hub
// from outside (subscribe + publish); messages carry ids and statuses only (PostgreSQL caps a
// payload at 8000 bytes; a larger one stays local and is logged). Never relays a message twice.
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { createClient } from '../db/postgres-pool.ts';
import { log } from '../log.ts';
import type { LiveHub } from './hub.ts';

export const LIVE_CHANNEL = 'mediator_live';
const MAX_PAYLOAD = 7900;
const RECONNECT_MS = 1000;

interface Envelope {
	origin: string;
	topic: string;
	data: Record<string, unknown>;
}

function parseEnvelope(payload: string | undefined): Envelope | null {
	if (!payload) return null;
	try {
		const value: unknown = JSON.parse(payload);
		if (typeof value !== 'object' || value === null) return null;
		const { origin, topic, data } = value as Record<string, unknown>;
		if (typeof origin !== 'string' || typeof topic !== 'string' || typeof data !== 'object' || data === null || Array.isArray(data)) return null;
		return { origin, topic, data: data as Record<string, unknown> };
	} catch {
		return null;
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
			this.#send({ origin: this.origin, topic: message.topic, data: message.data });
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
				this.#hub.publish(envelope.topic, envelope.data);
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
