import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { applyMigrations, MigrationError, parseMigrationFiles } from '../../../../src/lib/server/db/migrate.ts';
import { readMigrationsFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';

const tables = (db: DatabaseSync) =>
	db
		.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
		.all()
		.map((row) => row.name);

describe('migrations', () => {
	it('applies the project migrations once', () => {
		const db = new DatabaseSync(':memory:');
		expect(applyMigrations(db, readMigrationsFromDisk(), 1)).toContain('001-foundation.sql');
		expect(applyMigrations(db, readMigrationsFromDisk(), 2)).toEqual([]);
		expect(tables(db)).toContain('audit_log');
	});

	it('leaves the database unchanged when one migration fails', () => {
		const db = new DatabaseSync(':memory:');
		const migrations = parseMigrationFiles({
			'001-good.sql': 'CREATE TABLE a (x INTEGER);',
			'002-bad.sql': 'CREATE TABLE b (x INTEGER); THIS IS NOT SQL;'
		});
		expect(() => applyMigrations(db, migrations, 1)).toThrow(MigrationError);
		expect(() => applyMigrations(db, migrations, 1)).toThrow(/002-bad\.sql/);
		expect(tables(db)).toEqual(['schema_migrations']);
		expect(db.prepare('SELECT COUNT(*) AS n FROM schema_migrations').get()?.n).toBe(0);
	});

	it('rejects badly named or missing migration files', () => {
		expect(() => parseMigrationFiles({ 'one.sql': '' })).toThrow(/NNN-name/);
		expect(() => parseMigrationFiles({ '001-a.sql': '', '003-c.sql': '' })).toThrow(/out of sequence/);
	});
});
