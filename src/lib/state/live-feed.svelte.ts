// Browser-only live feed: one EventSource per tab on /api/live (the browser reconnects
// by itself and sends Last-Event-ID). Pages register handlers; each message is parsed with
// the shared topic types of `$lib/live-topics` (a message of the wrong shape is dropped), and
// a `reset` (server restarted or too far behind) reaches every handler so it reloads its data.
import { parseLiveEvent, TOPICS, type LiveEvent } from '../live-topics.ts';

export type LiveHandler = (event: LiveEvent) => void;

export class LiveFeed {
	connected = $state(false);
	/** The stream broke (the browser is retrying); false while the first connection is made. */
	failed = $state(false);
	#source: EventSource | null = null;
	readonly #handlers = new Set<LiveHandler>();

	start(): void {
		if (this.#source || typeof EventSource === 'undefined') return;
		const source = new EventSource('/api/live');
		this.#source = source;
		source.onopen = () => {
			this.connected = true;
			this.failed = false;
		};
		source.onerror = () => {
			this.connected = false;
			this.failed = true;
		};
		for (const topic of [...TOPICS, 'reset'] as const) {
			source.addEventListener(topic, (message) => {
				const event = parseLiveEvent(topic, (message as MessageEvent<string>).data);
				if (!event) return;
				for (const handler of this.#handlers) handler(event);
			});
		}
	}

	stop(): void {
		this.#source?.close();
		this.#source = null;
		this.connected = false;
		this.failed = false;
	}

	on(handler: LiveHandler): () => void {
		this.#handlers.add(handler);
		return () => this.#handlers.delete(handler);
	}
}
