// Opens the console's SQLite database (node:sqlite), sets WAL and foreign keys,
// applies pending migrations and returns a Kysely handle plus the raw connection.
// Never logs row contents; a failed migration throws and leaves the file unchanged.
import { DatabaseSync } from 'node:sqlite';
import { Kysely, SqliteDialect, type Transaction } from 'kysely';
import { adaptForKysely } from './sqlite-adapter.ts';
import { applyMigrations, type Migration } from './migrate.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface OpenDatabase {
	db: Db;
	raw: DatabaseSync;
	applied: string[];
	close(): Promise<void>;
}

export function openDatabase(path: string, migrations: Migration[], now = Date.now()): OpenDatabase {
	const raw = new DatabaseSync(path);
	try {
		raw.exec('PRAGMA foreign_keys = ON');
		raw.exec('PRAGMA busy_timeout = 5000');
		if (path !== ':memory:') raw.exec('PRAGMA journal_mode = WAL');
		raw.exec('PRAGMA synchronous = NORMAL');
		const applied = applyMigrations(raw, migrations, now);
		const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: adaptForKysely(raw) }) });
		return { db, raw, applied, close: () => db.destroy() };
	} catch (error) {
		raw.close();
		throw error;
	}
}
