// Browser-only live feed: one EventSource per tab on /api/live (the browser reconnects
// by itself and sends Last-Event-ID). Pages register handlers per topic; a `reset`
// (server restarted or too far behind) reaches every handler so it reloads its data.
export type LiveHandler = (data: Record<string, unknown>, topic: string) => void;

const TOPICS = ['dispute', 'order', 'instance', 'health', 'notice', 'chat', 'reset'] as const;

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
		for (const topic of TOPICS) {
			source.addEventListener(topic, (event) => {
				let data: Record<string, unknown> = {};
				try {
					const parsed: unknown = JSON.parse((event as MessageEvent<string>).data);
					if (parsed && typeof parsed === 'object') data = parsed as Record<string, unknown>;
				} catch {
					return;
				}
				for (const handler of this.#handlers) handler(data, topic);
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
