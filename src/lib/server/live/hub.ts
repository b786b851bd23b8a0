// The live hub: pushes changes (dispute revisions, relay health, instance info) to every
// open browser stream. Keeps a bounded ring of recent messages so a reconnecting browser
// resumes from its Last-Event-ID; ids carry a boot id, so a restart is detected and the
// browser is told to reload its data. Carries ids and statuses only, never secrets.
import { randomBytes } from 'node:crypto';

export interface LiveMessage {
	id: string;
	topic: string;
	data: Record<string, unknown>;
}

export type LiveListener = (message: LiveMessage) => void;

export class LiveHub {
	readonly bootId = randomBytes(4).toString('hex');
	readonly #ring: LiveMessage[] = [];
	readonly #capacity: number;
	readonly #listeners = new Set<LiveListener>();
	#sequence = 0;

	constructor(capacity = 2000) {
		this.#capacity = capacity;
	}

	publish(topic: string, data: Record<string, unknown>): LiveMessage {
		this.#sequence += 1;
		const message = { id: `${this.bootId}-${this.#sequence}`, topic, data };
		this.#ring.push(message);
		if (this.#ring.length > this.#capacity) this.#ring.shift();
		for (const listener of this.#listeners) {
			try {
				listener(message);
			} catch {
				this.#listeners.delete(listener);
			}
		}
		return message;
	}

	subscribe(listener: LiveListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/**
	 * Messages after `lastEventId`, or null when they cannot be replayed (another boot, or
	 * older than the ring): the browser must then reload its data.
	 */
	since(lastEventId: string | null): LiveMessage[] | null {
		if (!lastEventId) return [];
		const [boot, seq] = lastEventId.split('-');
		const sequence = Number(seq);
		if (boot !== this.bootId || !Number.isSafeInteger(sequence) || sequence > this.#sequence) return null;
		const oldest = this.#ring[0];
		if (sequence === this.#sequence) return [];
		if (!oldest || sequence + 1 < Number(oldest.id.split('-')[1])) return null;
		return this.#ring.filter((message) => Number(message.id.split('-')[1]) > sequence);
	}

	get listenerCount(): number {
		return this.#listeners.size;
	}
}
