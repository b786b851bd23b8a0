// Applies the PostgreSQL twins of the numbered migrations (migrations/pg/NNN-name.sql) in one
// transaction under a transaction-level advisory lock: replicas starting together serialise on
// the lock, the first applies what is pending, the others then find nothing to do. Either every
// pending migration is applied or none (PostgreSQL DDL is transactional). Never edits a record.
import type pg from 'pg';
import { MigrationError, type Migration } from './migrate.ts';
import { MIGRATION_LOCK } from './advisory-locks.ts';

const CREATE_TABLE = 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)';

export async function applyPostgresMigrations(client: pg.ClientBase, migrations: Migration[], now: number): Promise<string[]> {
	await client.query('BEGIN');
	let current = '';
	try {
		await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
		await client.query(CREATE_TABLE);
		const rows = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
		const applied = new Set(rows.rows.map((row) => Number(row.version)));
		const pending = migrations.filter((migration) => !applied.has(migration.version));
		for (const migration of pending) {
			current = migration.name;
			await client.query(migration.sql);
			await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, now]);
		}
		await client.query('COMMIT');
		return pending.map((migration) => migration.name);
	} catch (error) {
		await client.query('ROLLBACK').catch(() => {});
		throw new MigrationError(current || 'schema_migrations', error);
	}
}
