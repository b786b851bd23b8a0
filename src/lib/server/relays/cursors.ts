// Persisted `since` cursors, one per relay and subscription: the newest created_at seen
// (never past the local clock). A resumed subscription asks from the cursor minus an
// overlap, so late-arriving events are not missed; duplicates are dropped downstream.
import type { Db } from '../db/index.ts';

export class CursorStore {
	readonly #db: Db;
	readonly #values = new Map<string, number>();
	readonly #dirty = new Set<string>();
	readonly #now: () => number;

	constructor(db: Db, now: () => number = () => Math.floor(Date.now() / 1000)) {
		this.#db = db;
		this.#now = now;
	}

	static key(relay: string, subscription: string): string {
		return `${subscription}\u0000${relay}`;
	}

	async load(): Promise<void> {
		const rows = await this.#db.selectFrom('relay_cursors').selectAll().execute();
		for (const row of rows) this.#values.set(CursorStore.key(row.relay_url, row.subscription), row.since);
	}

	get(relay: string, subscription: string): number | null {
		return this.#values.get(CursorStore.key(relay, subscription)) ?? null;
	}

	/** `since` to request: the cursor minus `overlapSeconds`, or null when nothing was seen yet. */
	sinceFor(relay: string, subscription: string, overlapSeconds: number): number | null {
		const cursor = this.get(relay, subscription);
		return cursor === null ? null : Math.max(0, cursor - overlapSeconds);
	}

	advance(relay: string, subscription: string, createdAt: number): void {
		const capped = Math.min(createdAt, this.#now());
		const key = CursorStore.key(relay, subscription);
		if (capped > (this.#values.get(key) ?? -1)) {
			this.#values.set(key, capped);
			this.#dirty.add(key);
		}
	}

	async flush(): Promise<void> {
		if (this.#dirty.size === 0) return;
		const now = Date.now();
		const rows = [...this.#dirty].map((key) => {
			const [subscription = '', relay = ''] = key.split('\u0000');
			return { relay_url: relay, subscription, since: this.#values.get(key) ?? 0, updated_at: now };
		});
		this.#dirty.clear();
		await this.#db
			.insertInto('relay_cursors')
			.values(rows)
			.onConflict((oc) => oc.columns(['relay_url', 'subscription']).doUpdateSet((eb) => ({ since: eb.ref('excluded.since'), updated_at: eb.ref('excluded.updated_at') })))
			.execute();
	}
}
