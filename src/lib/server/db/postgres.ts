// Opens the console's PostgreSQL database (MEDIATOR_DATABASE_URL): applies pending migrations
// under the migration lock, then returns a Kysely handle on a pg pool. Several replicas may open
// the same database at once. Never logs the URL (it may hold a password) or row contents.
import { Kysely, PostgresDialect } from 'kysely';
import { applyPostgresMigrations } from './migrate-postgres.ts';
import type { Migration } from './migrate.ts';
import { createClient, createPool } from './postgres-pool.ts';
import type { Database } from './schema.ts';
import type { ConsoleDatabase } from './index.ts';

export interface PostgresOpenOptions {
	/** Pool size (default 10). */
	max?: number;
	applicationName?: string;
	now?: number;
}

export async function openPostgres(url: string, migrations: Migration[], options: PostgresOpenOptions = {}): Promise<ConsoleDatabase> {
	const migrator = createClient(url, options.applicationName);
	await migrator.connect();
	let applied: string[];
	try {
		applied = await applyPostgresMigrations(migrator, migrations, options.now ?? Date.now());
	} finally {
		await migrator.end();
	}
	const pool = createPool(url, { max: options.max, applicationName: options.applicationName });
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	return { db, dialect: 'postgres', applied, url, close: () => db.destroy() };
}
