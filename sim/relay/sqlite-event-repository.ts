// Event repository for the embedded relay on node:sqlite (DatabaseSync), implementing the
// `EventRepository` contract of @nostr-relay/common: NIP-01 storage (replaceable and
// addressable slots, newest created_at wins, ties to the lowest id), NIP-09 deletion
// requests with tombstones, NIP-40 expiration (expired events are never returned).
// It must never store ephemeral events and never return an expired event.
import { DatabaseSync } from 'node:sqlite';
import type { SQLInputValue } from 'node:sqlite';
import { EventRepository } from '@nostr-relay/common';
import type { Event, EventRepositoryUpsertResult, Filter } from '@nostr-relay/common';
import { classifyKind, getAddressSlot, getExpiration, isNewerThan, listTagFilters, parseAddress } from './event-rules.ts';

/** The most events one filter may return, whatever its `limit`. */
export const MAX_QUERY_LIMIT = 5000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
	id TEXT PRIMARY KEY,
	pubkey TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	kind INTEGER NOT NULL,
	tags TEXT NOT NULL,
	content TEXT NOT NULL,
	sig TEXT NOT NULL,
	slot TEXT,
	expires_at INTEGER
);
CREATE INDEX IF NOT EXISTS events_by_time ON events (created_at DESC, id);
CREATE INDEX IF NOT EXISTS events_by_author ON events (pubkey, kind);
CREATE INDEX IF NOT EXISTS events_by_kind ON events (kind, created_at DESC);
CREATE INDEX IF NOT EXISTS events_by_expiry ON events (expires_at) WHERE expires_at IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS events_by_slot ON events (kind, pubkey, slot) WHERE slot IS NOT NULL;
CREATE TABLE IF NOT EXISTS event_tags (
	event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	value TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS event_tags_by_value ON event_tags (name, value);
CREATE INDEX IF NOT EXISTS event_tags_by_event ON event_tags (event_id);
CREATE TABLE IF NOT EXISTS deleted_ids (
	id TEXT NOT NULL,
	pubkey TEXT NOT NULL,
	PRIMARY KEY (id, pubkey)
);
CREATE TABLE IF NOT EXISTS deleted_addresses (
	kind INTEGER NOT NULL,
	pubkey TEXT NOT NULL,
	slot TEXT NOT NULL,
	deleted_until INTEGER NOT NULL,
	PRIMARY KEY (kind, pubkey, slot)
);
`;

function parseEventRow(row: Record<string, unknown>): Event {
	const { id, pubkey, created_at, kind, tags, content, sig } = row;
	if (typeof id !== 'string' || typeof pubkey !== 'string' || typeof created_at !== 'number' || typeof kind !== 'number' || typeof tags !== 'string' || typeof content !== 'string' || typeof sig !== 'string') {
		throw new Error('corrupt event row');
	}
	return { id, pubkey, created_at, kind, tags: JSON.parse(tags) as string[][], content, sig };
}

export class SqliteEventRepository extends EventRepository {
	readonly #db: DatabaseSync;
	readonly #now: () => number;

	/** `path` is a file path or ':memory:'; `now` returns unix seconds (injected for tests). */
	readonly #maxLimit: number;

	constructor(path: string, now: () => number = () => Math.floor(Date.now() / 1000), maxLimit = MAX_QUERY_LIMIT) {
		super();
		this.#maxLimit = maxLimit;
		this.#db = new DatabaseSync(path);
		this.#now = now;
		if (path !== ':memory:') this.#db.exec('PRAGMA journal_mode = WAL');
		this.#db.exec('PRAGMA foreign_keys = ON');
		this.#db.exec(SCHEMA);
	}

	isSearchSupported(): boolean {
		return false;
	}

	upsert(event: Event): EventRepositoryUpsertResult {
		if (classifyKind(event.kind) === 'ephemeral') return { isDuplicate: false };
		return this.#transaction(() => this.#store(event));
	}

	find(filter: Filter): Event[] {
		const limit = Math.min(filter.limit ?? this.#maxLimit, this.#maxLimit);
		if (limit <= 0) return [];
		// An empty list in a filter matches nothing.
		const lists = [filter.ids, filter.authors, filter.kinds, ...listTagFilters(filter).map((p) => p[1])];
		if (lists.some((list) => list !== undefined && list.length === 0)) return [];
		const where: string[] = ['(expires_at IS NULL OR expires_at > ?)'];
		const params: SQLInputValue[] = [this.#now()];
		const addIn = (column: string, values: ReadonlyArray<string | number>): void => {
			where.push(`${column} IN (${values.map(() => '?').join(',')})`);
			params.push(...values);
		};
		if (filter.ids) addIn('id', filter.ids);
		if (filter.authors) addIn('pubkey', filter.authors);
		if (filter.kinds) addIn('kind', filter.kinds);
		if (filter.since !== undefined) {
			where.push('created_at >= ?');
			params.push(filter.since);
		}
		if (filter.until !== undefined) {
			where.push('created_at <= ?');
			params.push(filter.until);
		}
		for (const [letter, values] of listTagFilters(filter)) {
			where.push(`id IN (SELECT event_id FROM event_tags WHERE name = ? AND value IN (${values.map(() => '?').join(',')}))`);
			params.push(letter, ...values);
		}
		const sql = 'SELECT id, pubkey, created_at, kind, tags, content, sig FROM events WHERE ' + where.join(' AND ') + ' ORDER BY created_at DESC, id ASC LIMIT ?';
		params.push(limit);
		return this.#db
			.prepare(sql)
			.all(...params)
			.map((row) => parseEventRow(row));
	}

	/** NIP-09: the author's `e` and `a` references are removed and remembered as tombstones. */
	override async deleteByDeletionRequest(request: Event): Promise<void> {
		this.#transaction(() => {
			for (const tag of request.tags) {
				const value = tag[1];
				if (value === undefined) continue;
				if (tag[0] === 'e' && /^[0-9a-f]{64}$/.test(value)) {
					this.#db.prepare('DELETE FROM events WHERE id = ? AND pubkey = ? AND kind != 5').run(value, request.pubkey);
					this.#db.prepare('INSERT OR IGNORE INTO deleted_ids (id, pubkey) VALUES (?, ?)').run(value, request.pubkey);
				} else if (tag[0] === 'a') {
					const address = parseAddress(value);
					if (!address || address.pubkey !== request.pubkey) continue;
					this.#db.prepare('DELETE FROM events WHERE kind = ? AND pubkey = ? AND slot = ? AND created_at <= ?').run(address.kind, address.pubkey, address.slot, request.created_at);
					this.#db
						.prepare(
							`INSERT INTO deleted_addresses (kind, pubkey, slot, deleted_until) VALUES (?, ?, ?, ?)
							 ON CONFLICT (kind, pubkey, slot) DO UPDATE
							 SET deleted_until = max(deleted_until, excluded.deleted_until)`
						)
						.run(address.kind, address.pubkey, address.slot, request.created_at);
				}
			}
			this.#store(request);
		});
	}

	/** True when a deletion request already covers this event (it must not come back). */
	isDeleted(event: Event): boolean {
		const byId = this.#db.prepare('SELECT 1 AS hit FROM deleted_ids WHERE id = ? AND pubkey = ?').get(event.id, event.pubkey);
		if (byId) return true;
		const slot = getAddressSlot(event);
		if (slot === null) return false;
		const byAddress = this.#db.prepare('SELECT 1 AS hit FROM deleted_addresses WHERE kind = ? AND pubkey = ? AND slot = ? AND deleted_until >= ?').get(event.kind, event.pubkey, slot, event.created_at);
		return byAddress !== undefined;
	}

	count(): number {
		const row = this.#db.prepare('SELECT count(*) AS n FROM events').get();
		return typeof row?.n === 'number' ? row.n : 0;
	}

	/** Forget every stored event and tombstone (a relay that lost its data). */
	wipe(): void {
		this.#transaction(() => {
			this.#db.exec('DELETE FROM event_tags; DELETE FROM events;');
			this.#db.exec('DELETE FROM deleted_ids; DELETE FROM deleted_addresses;');
		});
	}

	async destroy(): Promise<void> {
		if (this.#db.isOpen) this.#db.close();
	}

	#store(event: Event): EventRepositoryUpsertResult {
		this.#db.prepare('DELETE FROM events WHERE expires_at IS NOT NULL AND expires_at <= ?').run(this.#now());
		if (this.#db.prepare('SELECT 1 AS hit FROM events WHERE id = ?').get(event.id)) {
			return { isDuplicate: true };
		}
		const slot = getAddressSlot(event);
		if (slot !== null) {
			const current = this.#db.prepare('SELECT id, pubkey, created_at, kind, tags, content, sig FROM events WHERE kind = ? AND pubkey = ? AND slot = ?').get(event.kind, event.pubkey, slot);
			if (current) {
				const previous = parseEventRow(current);
				if (!isNewerThan(event, previous)) return { isDuplicate: true };
				this.#db.prepare('DELETE FROM events WHERE id = ?').run(previous.id);
			}
		}
		this.#db
			.prepare('INSERT INTO events (id, pubkey, created_at, kind, tags, content, sig, slot, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
			.run(event.id, event.pubkey, event.created_at, event.kind, JSON.stringify(event.tags), event.content, event.sig, slot, getExpiration(event));
		const insertTag = this.#db.prepare('INSERT INTO event_tags (event_id, name, value) VALUES (?, ?, ?)');
		for (const tag of event.tags) {
			const [name, value] = tag;
			if (name !== undefined && name.length === 1 && value !== undefined) insertTag.run(event.id, name, value);
		}
		return { isDuplicate: false };
	}

	#transaction<T>(work: () => T): T {
		this.#db.exec('BEGIN IMMEDIATE');
		try {
			const result = work();
			this.#db.exec('COMMIT');
			return result;
		} catch (error) {
			this.#db.exec('ROLLBACK');
			throw error;
		}
	}
}
