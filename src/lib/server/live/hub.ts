// The live hub: pushes changes (dispute revisions, relay health, instance info) to every
// open browser stream. Keeps a bounded ring of recent messages so a reconnecting browser
// resumes from its Last-Event-ID; ids carry a boot id, so a restart is detected and the
// browser is told to reload its data. Carries ids and statuses only, never secrets. Topics
// and payloads are declared in `$lib/live-topics`; a message addressed to one user (a
// notice) carries its audience and must never be shown to another user's stream.
import { randomBytes } from 'node:crypto';
import type { BroadcastTopic, Topic, TopicPayload, UserTopic } from '../../live-topics.ts';

/** One message per topic (a union, so checking `topic` narrows `data`). */
export type LiveMessage<T extends Topic = Topic> = {
	[K in T]: {
		id: string;
		topic: K;
		data: TopicPayload[K];
		/** The one user this message is for; null when it goes to every stream. */
		audience: number | null;
	};
}[T];

/** True when `userId`'s stream may receive the message. */
export function isVisibleTo(message: LiveMessage, userId: number): boolean {
	return message.audience === null || message.audience === userId;
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

	/** Sends to every stream. */
	publish<T extends BroadcastTopic>(topic: T, data: TopicPayload[T]): LiveMessage<T> {
		return this.#push(topic, data, null);
	}

	/** Sends only to the streams of `userId`. */
	publishTo<T extends UserTopic>(userId: number, topic: T, data: TopicPayload[T]): LiveMessage<T> {
		return this.#push(topic, data, userId);
	}

	#push<T extends Topic>(topic: T, data: TopicPayload[T], audience: number | null): LiveMessage<T> {
		this.#sequence += 1;
		const message = { id: `${this.bootId}-${this.#sequence}`, topic, data, audience } as LiveMessage<T>;
		const stored: LiveMessage = message as LiveMessage;
		this.#ring.push(stored);
		if (this.#ring.length > this.#capacity) this.#ring.shift();
		for (const listener of this.#listeners) {
			try {
				listener(stored);
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
