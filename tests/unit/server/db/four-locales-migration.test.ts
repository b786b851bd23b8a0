// Migration 014 rebuilds users so `locale` accepts 'pt' and 'it': existing users, their ids and
// everything that points at them (sessions, recovery codes) survive; foreign keys are enforced
// again afterwards; a migration that leaves a broken reference is rolled back.
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { applyMigrations, MigrationError, parseMigrationFiles } from '../../../../src/lib/server/db/migrate.ts';
import { readMigrationsFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';

function databaseBefore014(): DatabaseSync {
	const db = new DatabaseSync(':memory:');
	db.exec('PRAGMA foreign_keys = ON');
	applyMigrations(
		db,
		readMigrationsFromDisk().filter((m) => m.version < 14),
		1
	);
	db.exec(`INSERT INTO users (id, name, role, password_hash, locale, created_at, updated_at) VALUES (7, 'alice', 'mediator', 'h', 'es', 1, 1)`);
	db.exec(`INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES ('s1', 7, 1, 1, 9)`);
	db.exec(`INSERT INTO recovery_codes (user_id, code_hash) VALUES (7, 'c')`);
	return db;
}

describe('migration 014: four locales', () => {
	it('before it, Portuguese is refused (the reason it exists)', () => {
		const db = databaseBefore014();
		expect(() => db.exec(`UPDATE users SET locale = 'pt' WHERE id = 7`)).toThrow(/CHECK/);
	});

	it('keeps users and what refers to them, and accepts pt and it only', () => {
		const db = databaseBefore014();
		expect(applyMigrations(db, readMigrationsFromDisk(), 2)).toContain('014-four-locales.sql');
		expect(db.prepare('SELECT id, name, locale FROM users').all()).toEqual([{ id: 7, name: 'alice', locale: 'es' }]);
		expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()?.n).toBe(1);
		expect(db.prepare('SELECT COUNT(*) AS n FROM recovery_codes').get()?.n).toBe(1);
		db.exec(`UPDATE users SET locale = 'pt' WHERE id = 7`);
		db.exec(`UPDATE users SET locale = 'it' WHERE id = 7`);
		expect(() => db.exec(`UPDATE users SET locale = 'fr' WHERE id = 7`)).toThrow(/CHECK/);
		expect(() => db.exec(`INSERT INTO users (name, role, password_hash, created_at, updated_at) VALUES ('ALICE', 'mediator', 'h', 1, 1)`)).toThrow(/UNIQUE/);
	});

	it('turns foreign-key enforcement back on, and deleting a user still cascades', () => {
		const db = databaseBefore014();
		applyMigrations(db, readMigrationsFromDisk(), 2);
		expect(db.prepare('PRAGMA foreign_keys').get()?.foreign_keys).toBe(1);
		expect(() => db.exec(`INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at) VALUES ('s2', 99, 1, 1, 9)`)).toThrow(/FOREIGN KEY/);
		db.exec('DELETE FROM users WHERE id = 7');
		expect(db.prepare('SELECT COUNT(*) AS n FROM sessions').get()?.n).toBe(0);
	});

	it('rolls back a migration that leaves a broken reference', () => {
		const db = new DatabaseSync(':memory:');
		db.exec('PRAGMA foreign_keys = ON');
		const migrations = parseMigrationFiles({
			'001-parent.sql': 'CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p_id INTEGER REFERENCES p (id));',
			'002-orphan.sql': 'INSERT INTO c (p_id) VALUES (5);'
		});
		expect(() => applyMigrations(db, migrations, 1)).toThrow(MigrationError);
		expect(() => applyMigrations(db, migrations, 1)).toThrow(/002-orphan\.sql.*broken foreign key/);
		expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()?.n).toBe(0);
		expect(db.prepare('PRAGMA foreign_keys').get()?.foreign_keys).toBe(1);
	});
});
