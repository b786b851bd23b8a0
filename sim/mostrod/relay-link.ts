// A minimal NIP-01 websocket client used by the node double (and its tests): publish with a
// bounded wait for OK, live subscriptions, and a pool that fans out to several relays
// (MOSTROD.md §0.3: the daemon subscribes live, `limit 0`, nothing is replayed). Must never
// wait without a time-out, and `close()` must end every socket it opened.
import WebSocket from 'ws';
import type { NostrEvent } from '../../src/lib/protocol/event.ts';

export type Filter = Record<string, unknown>;
type OkWaiter = { resolve: (ok: boolean) => void; timer: ReturnType<typeof setTimeout> };

export class RelayLink {
	readonly url: string;
	#socket: WebSocket;
	#subs = new Map<string, (event: NostrEvent) => void>();
	#eose = new Map<string, () => void>();
	#oks = new Map<string, OkWaiter>();
	#nextSub = 0;
	#closed = false;

	private constructor(url: string, socket: WebSocket) {
		this.url = url;
		this.#socket = socket;
		socket.on('message', (data) => this.#onFrame(String(data)));
		socket.on('error', () => undefined);
		socket.on('close', () => {
			for (const [id, w] of this.#oks) {
				clearTimeout(w.timer);
				w.resolve(false);
				this.#oks.delete(id);
			}
		});
	}

	static open(url: string, timeoutMs = 5000): Promise<RelayLink> {
		const socket = new WebSocket(url);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				socket.terminate();
				reject(new Error(`relay ${url} did not open within ${timeoutMs} ms`));
			}, timeoutMs);
			socket.once('open', () => {
				clearTimeout(timer);
				resolve(new RelayLink(url, socket));
			});
			socket.once('error', (err) => {
				clearTimeout(timer);
				reject(err);
			});
		});
	}

	#onFrame(text: string): void {
		let frame: unknown;
		try {
			frame = JSON.parse(text);
		} catch {
			return;
		}
		if (!Array.isArray(frame)) return;
		const [type, a, b] = frame as [unknown, unknown, unknown];
		if (type === 'EVENT' && typeof a === 'string') this.#subs.get(a)?.(b as NostrEvent);
		else if (type === 'EOSE' && typeof a === 'string') {
			this.#eose.get(a)?.();
			this.#eose.delete(a);
		} else if (type === 'OK' && typeof a === 'string') {
			const w = this.#oks.get(a);
			if (w) {
				clearTimeout(w.timer);
				this.#oks.delete(a);
				w.resolve(b === true);
			}
		}
	}

	/** Publish; resolves with the relay's OK verdict (false on time-out or closed socket). */
	publish(event: NostrEvent, timeoutMs = 3000): Promise<boolean> {
		if (this.#closed || this.#socket.readyState !== WebSocket.OPEN) return Promise.resolve(false);
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.#oks.delete(event.id);
				resolve(false);
			}, timeoutMs);
			this.#oks.set(event.id, { resolve, timer });
			this.#socket.send(JSON.stringify(['EVENT', event]));
		});
	}

	/** Open a subscription; resolves after EOSE (or the time-out). Returns the subscription id. */
	subscribe(filters: Filter[], onEvent: (event: NostrEvent) => void, timeoutMs = 3000): Promise<string> {
		const id = `s${this.#nextSub++}`;
		this.#subs.set(id, onEvent);
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.#eose.delete(id);
				resolve(id);
			}, timeoutMs);
			this.#eose.set(id, () => {
				clearTimeout(timer);
				resolve(id);
			});
			this.#socket.send(JSON.stringify(['REQ', id, ...filters]));
		});
	}

	unsubscribe(id: string): void {
		if (!this.#subs.delete(id)) return;
		if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(['CLOSE', id]));
	}

	close(): Promise<void> {
		this.#closed = true;
		this.#subs.clear();
		if (this.#socket.readyState === WebSocket.CLOSED) return Promise.resolve();
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.#socket.terminate();
				resolve();
			}, 1000);
			this.#socket.once('close', () => {
				clearTimeout(timer);
				resolve();
			});
			this.#socket.close();
		});
	}
}

/** The same operations over several relays; events are de-duplicated by id on the way in. */
export class RelayPool {
	readonly links: RelayLink[];

	private constructor(links: RelayLink[]) {
		this.links = links;
	}

	static async open(urls: string[]): Promise<RelayPool> {
		const links: RelayLink[] = [];
		try {
			for (const url of urls) links.push(await RelayLink.open(url));
		} catch (err) {
			await Promise.all(links.map((l) => l.close()));
			throw err;
		}
		return new RelayPool(links);
	}

	/** True when at least one relay accepted the event. */
	async publish(event: NostrEvent): Promise<boolean> {
		const results = await Promise.all(this.links.map((l) => l.publish(event)));
		return results.some(Boolean);
	}

	async subscribe(filters: Filter[], onEvent: (event: NostrEvent) => void): Promise<void> {
		const seen = new Set<string>();
		const dedupe = (e: NostrEvent) => {
			if (typeof e?.id !== 'string' || seen.has(e.id)) return;
			seen.add(e.id);
			if (seen.size > 10_000) seen.delete(seen.values().next().value as string);
			onEvent(e);
		};
		await Promise.all(this.links.map((l) => l.subscribe(filters, dedupe)));
	}

	close(): Promise<void> {
		return Promise.all(this.links.map((l) => l.close())).then(() => undefined);
	}
}
