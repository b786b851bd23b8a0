// A minimal raw websocket client for the embedded relay's integration tests: sends NIP-01
// frames and waits (with a time-out) for the frames the relay answers with. It never
// retries and never hides a relay message; every wait is bounded.
import WebSocket from 'ws';
import type { Event, Filter } from 'nostr-tools';

export type RelayFrame = unknown[];

export class RelayTestClient {
	readonly socket: WebSocket;
	readonly frames: RelayFrame[] = [];
	#waiters: Array<{ match: (f: RelayFrame) => boolean; resolve: (f: RelayFrame) => void }> = [];
	#nextSub = 0;

	private constructor(socket: WebSocket) {
		this.socket = socket;
		socket.on('message', (data) => {
			const frame = JSON.parse(String(data)) as RelayFrame;
			this.frames.push(frame);
			const waiter = this.#waiters.find((w) => w.match(frame));
			if (waiter) {
				this.#waiters = this.#waiters.filter((w) => w !== waiter);
				waiter.resolve(frame);
			}
		});
	}

	static async open(url: string): Promise<RelayTestClient> {
		const socket = new WebSocket(url);
		await new Promise<void>((resolve, reject) => {
			socket.once('open', () => resolve());
			socket.once('error', reject);
		});
		return new RelayTestClient(socket);
	}

	sendRaw(data: string | Buffer): void {
		this.socket.send(data);
	}

	send(frame: unknown[]): void {
		this.socket.send(JSON.stringify(frame));
	}

	/** Resolves with the first frame (already received or future) that matches. */
	waitFor(match: (f: RelayFrame) => boolean, timeoutMs = 2000): Promise<RelayFrame> {
		const seen = this.frames.find(match);
		if (seen) {
			this.frames.splice(this.frames.indexOf(seen), 1);
			return Promise.resolve(seen);
		}
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#waiters = this.#waiters.filter((w) => w.match !== match);
				reject(new Error('timed out waiting for a relay frame'));
			}, timeoutMs);
			this.#waiters.push({
				match,
				resolve: (frame) => {
					clearTimeout(timer);
					this.frames.splice(this.frames.indexOf(frame), 1);
					resolve(frame);
				}
			});
		});
	}

	/** Publish and return the OK frame's [accepted, message]. */
	async publish(event: Event): Promise<[boolean, string]> {
		this.send(['EVENT', event]);
		const ok = await this.waitFor((f) => f[0] === 'OK' && f[1] === event.id);
		return [ok[2] as boolean, ok[3] as string];
	}

	/** Open a subscription; returns its id and the stored events received before EOSE. */
	async subscribe(...filters: Filter[]): Promise<{ id: string; events: Event[] }> {
		const id = `sub-${this.#nextSub++}`;
		this.send(['REQ', id, ...filters]);
		await this.waitFor((f) => (f[0] === 'EOSE' || f[0] === 'CLOSED') && f[1] === id);
		const events = this.takeEvents(id);
		return { id, events };
	}

	/** Events received so far for a subscription (removed from the buffer). */
	takeEvents(subscriptionId: string): Event[] {
		const mine = this.frames.filter((f) => f[0] === 'EVENT' && f[1] === subscriptionId);
		for (const frame of mine) this.frames.splice(this.frames.indexOf(frame), 1);
		return mine.map((f) => f[2] as Event);
	}

	/** One-shot query: REQ, collect until EOSE, CLOSE. */
	async query(...filters: Filter[]): Promise<Event[]> {
		const { id, events } = await this.subscribe(...filters);
		this.send(['CLOSE', id]);
		return events;
	}

	close(): void {
		this.socket.close();
	}
}
