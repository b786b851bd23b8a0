// Opens the console's database: SQLite (node:sqlite) in the data directory by default, with WAL
// and foreign keys; PostgreSQL when MEDIATOR_DATABASE_URL is set (postgres.ts). Applies pending
// migrations and returns a Kysely handle. Never logs row contents; a failed migration throws and
// leaves the database unchanged.
import { DatabaseSync } from 'node:sqlite';
import { Kysely, SqliteDialect, type Transaction } from 'kysely';
import { adaptForKysely } from './sqlite-adapter.ts';
import { applyMigrations, type Migration } from './migrate.ts';
import type { Database } from './schema.ts';
import type { Dialect } from './dialect.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/** Either dialect: what the runtime, the services and the integration tests need. */
export interface ConsoleDatabase {
	db: Db;
	dialect: Dialect;
	applied: string[];
	/** The PostgreSQL URL, for the connections outside the pool (leader lock, LISTEN); null for SQLite. */
	url: string | null;
	close(): Promise<void>;
}

/** The SQLite database, with its raw connection (CLI, backups, tamper tests). */
export interface OpenDatabase extends ConsoleDatabase {
	dialect: 'sqlite';
	raw: DatabaseSync;
}

/** The migrations of both dialects: the SQLite files and their PostgreSQL twins (migrations/pg/). */
export interface MigrationSet {
	sqlite: Migration[];
	postgres: Migration[];
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
		return { db, raw, dialect: 'sqlite', applied, url: null, close: () => db.destroy() };
	} catch (error) {
		raw.close();
		throw error;
	}
}

/** PostgreSQL when a URL is given, otherwise the SQLite file at `sqlitePath`. */
export async function openConsoleDatabase(target: { databaseUrl: string | null; sqlitePath: string }, migrations: MigrationSet): Promise<ConsoleDatabase> {
	if (target.databaseUrl) {
		const { openPostgres } = await import('./postgres.ts');
		return openPostgres(target.databaseUrl, migrations.postgres);
	}
	return openDatabase(target.sqlitePath, migrations.sqlite);
}
