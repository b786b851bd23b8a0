// Migration 019 rebuilds decisions (state also 'withdrawn') and notifications (state also
// 'dropped'): existing rows, ids and references survive, foreign keys hold afterwards, and the
// other states are still refused.
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../../src/lib/server/db/migrate.ts';
import { readMigrationsFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';

function databaseBefore019(): DatabaseSync {
	const db = new DatabaseSync(':memory:');
	db.exec('PRAGMA foreign_keys = ON');
	applyMigrations(
		db,
		readMigrationsFromDisk().filter((m) => m.version < 19),
		1
	);
	db.exec(`INSERT INTO users (id, name, role, password_hash, created_at, updated_at) VALUES (7, 'alice', 'mediator', 'h', 1, 1), (8, 'bob', 'mediator', 'h', 1, 1)`);
	db.exec(`INSERT INTO disputes (id, status, opened_at, first_seen_at, revision_at, revision_event_id, updated_at) VALUES ('d1', 'in-progress', 1, 1, 1, 'e1', 1)`);
	db.exec(
		`INSERT INTO decisions (id, dispute_id, order_id, outcome, reason_code, justification, amount_sats, state, proposed_by, proposed_at, reviewed_by, reviewed_at, updated_at) VALUES (3, 'd1', 'o1', 'settle', 'other', 'because of it', 5000, 'rejected', 7, 1, 8, 2, 2), (4, 'd1', 'o1', 'cancel', 'other', 'because of it', 5000, 'proposed', 7, 3, NULL, NULL, 3)`
	);
	db.exec(`INSERT INTO notifications (id, kind, user_id, dispute_id, dedupe_key, state, next_attempt_at, created_at) VALUES (11, 'proposal_review', 8, 'd1', 'proposal_review:4', 'quiet', 99, 3)`);
	return db;
}

describe('migration 019: proposal withdrawal', () => {
	it('before it, a withdrawn proposal and a dropped notification are refused (the reason it exists)', () => {
		const db = databaseBefore019();
		expect(() => db.exec(`UPDATE decisions SET state = 'withdrawn' WHERE id = 4`)).toThrow(/CHECK/);
		expect(() => db.exec(`UPDATE notifications SET state = 'dropped' WHERE id = 11`)).toThrow(/CHECK/);
	});

	it('keeps the rows and their references, and accepts the new states only', () => {
		const db = databaseBefore019();
		expect(applyMigrations(db, readMigrationsFromDisk(), 2)).toContain('019-proposal-withdrawal.sql');
		expect(db.prepare('SELECT id, state, proposed_by, reviewed_by FROM decisions ORDER BY id').all()).toEqual([
			{ id: 3, state: 'rejected', proposed_by: 7, reviewed_by: 8 },
			{ id: 4, state: 'proposed', proposed_by: 7, reviewed_by: null }
		]);
		expect(db.prepare('SELECT id, state, dedupe_key FROM notifications').all()).toEqual([{ id: 11, state: 'quiet', dedupe_key: 'proposal_review:4' }]);
		db.exec(`UPDATE decisions SET state = 'withdrawn' WHERE id = 4`);
		db.exec(`UPDATE notifications SET state = 'dropped' WHERE id = 11`);
		expect(() => db.exec(`UPDATE decisions SET state = 'forgotten' WHERE id = 4`)).toThrow(/CHECK/);
		expect(() => db.exec(`UPDATE notifications SET state = 'lost' WHERE id = 11`)).toThrow(/CHECK/);
		expect(db.prepare('PRAGMA foreign_keys').get()?.foreign_keys).toBe(1);
		expect(() =>
			db.exec(`INSERT INTO decisions (dispute_id, order_id, outcome, reason_code, justification, amount_sats, state, proposed_by, proposed_at, updated_at) VALUES ('nope', 'o', 'settle', 'other', 'x', 1, 'proposed', 7, 1, 1)`)
		).toThrow(/FOREIGN KEY/);
		expect(() => db.exec(`INSERT INTO notifications (kind, user_id, dedupe_key, state, created_at) VALUES ('proposal_review', 8, 'proposal_review:4', 'pending', 4)`)).toThrow(/UNIQUE/);
		db.exec('DELETE FROM notifications WHERE user_id = 8');
		expect(
			db
				.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('decisions', 'notifications') AND name NOT LIKE 'sqlite_%' ORDER BY name`)
				.all()
				.map((r) => r.name)
		).toEqual(['decisions_dispute', 'decisions_state', 'notifications_due', 'notifications_recent']);
	});
});
