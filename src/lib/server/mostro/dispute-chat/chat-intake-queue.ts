// The dispute chat's intake queue (issue 15 "Nothing lost"; PROTOCOL.md §5.3–5.4): events wait
// here between the relay and validation, handled one at a time with a yield between them so a
// flood cannot starve the engine. Two lanes: live events go first, events recovered from relays
// after them, so a recovery pass of thousands of stored events never delays a party's new
// message. Bounded: a push past the cap is refused (the caller arranges a re-read; nothing is
// dropped silently), and `room` lets a recovery pass wait for space before its next page.
// Must never validate, store or log an event itself.

/** Live events pass the per-conversation flood limit; recovered ones are bounded by the page budget. */
export type Lane = 'live' | 'recovered';

/** Events held at most, both lanes together. */
export const MAX_QUEUED_EVENTS = 20_000;

export class ChatIntakeQueue {
	readonly #handle: (event: unknown, lane: Lane) => Promise<void>;
	readonly #cap: number;
	readonly #live: unknown[] = [];
	readonly #recovered: unknown[] = [];
	#draining: Promise<void> | null = null;
	#waiters: Array<{ atMost: number; resolve: () => void }> = [];

	constructor(handle: (event: unknown, lane: Lane) => Promise<void>, cap = MAX_QUEUED_EVENTS) {
		this.#handle = handle;
		this.#cap = cap;
	}

	get length(): number {
		return this.#live.length + this.#recovered.length;
	}

	/** Queues an event; false (nothing queued) when the queue is full. */
	push(event: unknown, lane: Lane): boolean {
		if (this.length >= this.#cap) return false;
		(lane === 'live' ? this.#live : this.#recovered).push(event);
		this.#kick();
		return true;
	}

	/** Resolves once at most `atMost` events wait (at once when that is already so). */
	room(atMost: number): Promise<void> {
		if (this.length <= atMost) return Promise.resolve();
		return new Promise((resolve) => this.#waiters.push({ atMost, resolve }));
	}

	/** Resolves once every queued event was handled, including those queued meanwhile. */
	async idle(): Promise<void> {
		while (this.#draining) await this.#draining;
	}

	#kick(): void {
		if (this.#draining) return;
		this.#draining = this.#drain().finally(() => {
			this.#draining = null;
			// An event pushed between the loop's last check and this line starts a new drain.
			if (this.length > 0) this.#kick();
		});
	}

	async #drain(): Promise<void> {
		for (;;) {
			const lane: Lane | null = this.#live.length > 0 ? 'live' : this.#recovered.length > 0 ? 'recovered' : null;
			if (!lane) return;
			const event = (lane === 'live' ? this.#live : this.#recovered).shift();
			try {
				await this.#handle(event, lane);
			} catch {
				// A malformed event or a storage hiccup must not stop the chat intake.
			}
			this.#wake();
			// Yield between events so a flood cannot starve the rest of the engine.
			await new Promise((resolve) => setImmediate(resolve));
		}
	}

	#wake(): void {
		if (this.#waiters.length === 0) return;
		const length = this.length;
		const ready = this.#waiters.filter((w) => length <= w.atMost);
		if (ready.length === 0) return;
		this.#waiters = this.#waiters.filter((w) => length > w.atMost);
		for (const w of ready) w.resolve();
	}
}
