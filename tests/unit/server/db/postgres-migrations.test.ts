// Every SQLite migration has its PostgreSQL twin under the same name (migrations/pg/), and no twin
// exists without its SQLite original, so both dialects always reach the same schema version.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { migrationsDir, postgresMigrationsDir, readMigrationSetFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';

const sqlFiles = (dir: string) =>
	readdirSync(dir)
		.filter((name) => name.endsWith('.sql'))
		.sort();

describe('PostgreSQL migration twins', () => {
	it('names the same files in both directories', () => {
		expect(sqlFiles(postgresMigrationsDir)).toEqual(sqlFiles(migrationsDir));
	});

	it('parses both sets into the same versions', () => {
		const set = readMigrationSetFromDisk();
		expect(set.postgres.map((m) => [m.version, m.name])).toEqual(set.sqlite.map((m) => [m.version, m.name]));
	});

	it('keeps SQLite-only syntax out of the PostgreSQL twins', () => {
		for (const migration of readMigrationSetFromDisk().postgres) {
			const statements = migration.sql.replace(/--.*$/gm, '');
			expect(statements, migration.name).not.toMatch(/AUTOINCREMENT|WITHOUT ROWID|COLLATE NOCASE|RAISE\s*\(\s*ABORT|INSERT OR|PRAGMA|\bINTEGER PRIMARY KEY\b(?! CHECK)/i);
		}
	});
});
