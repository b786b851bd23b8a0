// Applies numbered SQL migrations (NNN-name.sql) in one transaction: either every
// pending migration is applied, or — if any fails — the database is left unchanged
// and the error names the migration. Never edits an applied migration's record. Foreign-key
// enforcement is off while they run (SQLite's procedure for rebuilding a table, which
// cannot be done with it on); when the database enforced them, every reference is checked
// before the commit.
import type { DatabaseSync } from 'node:sqlite';

export interface Migration {
	version: number;
	name: string;
	sql: string;
}

export class MigrationError extends Error {
	readonly migration: string;
	constructor(migration: string, cause: unknown) {
		super(`migration ${migration} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
		this.name = 'MigrationError';
		this.migration = migration;
	}
}

const FILE_PATTERN = /^(\d{3})-([a-z0-9-]+)\.sql$/;

/** Turns `{ '001-foundation.sql': sql }` into an ordered migration list; rejects odd names and gaps. */
export function parseMigrationFiles(files: Record<string, string>): Migration[] {
	const migrations = Object.entries(files).map(([path, sql]) => {
		const fileName = path.split('/').pop() ?? path;
		const match = FILE_PATTERN.exec(fileName);
		if (!match) throw new Error(`migration file name ${fileName} does not match NNN-name.sql`);
		return { version: Number(match[1]), name: fileName, sql };
	});
	migrations.sort((a, b) => a.version - b.version);
	migrations.forEach((migration, index) => {
		if (migration.version !== index + 1) throw new Error(`migration ${migration.name} is out of sequence`);
	});
	return migrations;
}

export function appliedVersions(database: DatabaseSync): Set<number> {
	database.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
	const rows = database.prepare('SELECT version FROM schema_migrations').all();
	return new Set(rows.map((row) => Number(row.version)));
}

/** Applies what is pending; returns the names applied. Throws MigrationError after rolling back. */
export function applyMigrations(database: DatabaseSync, migrations: Migration[], now: number): string[] {
	const applied = appliedVersions(database);
	const pending = migrations.filter((migration) => !applied.has(migration.version));
	if (pending.length === 0) return [];
	const enforced = Number(database.prepare('PRAGMA foreign_keys').get()?.foreign_keys ?? 0) === 1;
	database.exec('PRAGMA foreign_keys = OFF');
	database.exec('BEGIN IMMEDIATE');
	let current = '';
	try {
		for (const migration of pending) {
			current = migration.name;
			database.exec(migration.sql);
			// Only a database that enforced its keys is held to them (a caller may switch them off).
			const broken = enforced ? database.prepare('PRAGMA foreign_key_check').all() : [];
			if (broken.length > 0) throw new Error(`it leaves ${broken.length} broken foreign key reference(s), first in table ${String(broken[0]?.table)}`);
			database.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, now);
		}
		database.exec('COMMIT');
	} catch (error) {
		database.exec('ROLLBACK');
		throw new MigrationError(current, error);
	} finally {
		if (enforced) database.exec('PRAGMA foreign_keys = ON');
	}
	return pending.map((migration) => migration.name);
}
