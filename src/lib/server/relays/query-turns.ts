// Turns for one-shot relay queries on one connection (relay-connection.ts): at most `limit` run
// at once, the others wait in arrival order. A relay keeps a bounded number of subscriptions
// per connection (public relays from about 20; past it they refuse, or drop the oldest without
// a word), so the connection's long-lived subscriptions must never be pushed out by a burst of
// queries. Pure bookkeeping: never times out, sends or drops anything itself.

export class QueryTurns {
	readonly #limit: number;
	readonly #waiting: Array<() => void> = [];
	#running = 0;

	constructor(limit: number) {
		this.#limit = limit;
	}

	/** Resolves once the caller may run; it must call `done()` exactly once afterwards. */
	take(): Promise<void> {
		if (this.#running < this.#limit) {
			this.#running += 1;
			return Promise.resolve();
		}
		return new Promise((resolve) =>
			this.#waiting.push(() => {
				this.#running += 1;
				resolve();
			})
		);
	}

	done(): void {
		this.#running -= 1;
		this.#waiting.shift()?.();
	}
}
