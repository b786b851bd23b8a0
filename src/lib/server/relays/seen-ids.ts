// A bounded set of event ids already validated and handled, so copies of the same
// event from several relays are processed once. Oldest ids are forgotten first; the
// database's primary keys stay the final guard against duplicates.
export class SeenIds {
	readonly #ids = new Set<string>();
	readonly #capacity: number;

	constructor(capacity = 200_000) {
		this.#capacity = capacity;
	}

	has(id: string): boolean {
		return this.#ids.has(id);
	}

	add(id: string): void {
		if (this.#ids.has(id)) return;
		this.#ids.add(id);
		if (this.#ids.size > this.#capacity) {
			const oldest = this.#ids.values().next();
			if (!oldest.done) this.#ids.delete(oldest.value);
		}
	}

	/** Forgets an id, so a later copy of that event is handled again (it was not kept). */
	delete(id: string): void {
		this.#ids.delete(id);
	}

	get size(): number {
		return this.#ids.size;
	}
}
