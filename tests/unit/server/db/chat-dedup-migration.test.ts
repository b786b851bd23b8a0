// Migration 010 removes the false "replay" rejections earlier restarts stored (their outer
// event is the one already accepted as a message) and keeps every genuine rejection.
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../../src/lib/server/db/migrate.ts';
import { readMigrationsFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';

describe('migration 010', () => {
	it('drops rejections of outer events that are stored messages, keeps genuine ones', () => {
		const db = new DatabaseSync(':memory:');
		const all = readMigrationsFromDisk();
		applyMigrations(
			db,
			all.filter((m) => m.version < 10),
			1
		);
		// The dispute row the messages refer to: migrations check every reference before they commit (014).
		db.prepare("INSERT INTO disputes (id, status, opened_at, first_seen_at, revision_at, revision_event_id, updated_at) VALUES ('d1', 'initiated', 1, 1, 1, 'e1', 1)").run();
		db.prepare("INSERT INTO chat_messages (dispute_id, party, direction, inner_id, outer_id, generation, author_pubkey, content, sent_at, received_at) VALUES ('d1', 'buyer', 'in', 'inner-1', 'outer-1', 'current', 'pk', 'hi', 1, 1)").run();
		const reject = db.prepare("INSERT INTO chat_rejections (dispute_id, party, outer_id, reason, received_at) VALUES ('d1', ?, ?, 'replay', 2)");
		reject.run('buyer', 'outer-1');
		reject.run('buyer', 'outer-2');
		reject.run('seller', 'outer-1');
		expect(applyMigrations(db, all, 3)).toContain('010-chat-junk-tallies.sql');
		expect(
			db
				.prepare('SELECT party, outer_id FROM chat_rejections ORDER BY id')
				.all()
				.map((r) => [r.party, r.outer_id])
		).toEqual([
			['buyer', 'outer-2'],
			['seller', 'outer-1']
		]);
	});
});
