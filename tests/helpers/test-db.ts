// The databases tests run on. `openTestDatabase`: SQLite in memory with the real migrations, for
// unit tests of repositories and services. `openIntegrationDatabase`: the same for integration
// tests, except that with MEDIATOR_DATABASE_URL set (npm run test:pg) it is a fresh PostgreSQL
// database of its own, copied from the migrated template bin/test-pg.mjs prepared (or migrated
// here when there is none), so integration tests run unchanged on both dialects.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type ConsoleDatabase, type OpenDatabase } from '../../src/lib/server/db/index.ts';
import { readMigrationsFromDisk, readMigrationSetFromDisk } from '../../src/lib/server/db/migrations-on-disk.ts';
import { openPostgres } from '../../src/lib/server/db/postgres.ts';

export function openTestDatabase(): OpenDatabase {
	return openDatabase(':memory:', readMigrationsFromDisk());
}

/** The PostgreSQL server the tests use, or null for SQLite. */
export function testPostgresUrl(): string | null {
	return process.env.MEDIATOR_DATABASE_URL || null;
}

/** Names the database `name` on the server of `url`. */
export function withDatabase(url: string, name: string): string {
	const parsed = new URL(url);
	parsed.pathname = `/${name}`;
	return parsed.toString();
}

/** Creates an empty (or template-copied) database on the test server; returns its URL. */
export async function createPostgresDatabase(serverUrl: string, template = process.env.MEDIATOR_TEST_PG_TEMPLATE): Promise<string> {
	const name = `t_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	try {
		await admin.query(template ? `CREATE DATABASE ${name} TEMPLATE ${pg.escapeIdentifier(template)}` : `CREATE DATABASE ${name}`);
	} finally {
		await admin.end();
	}
	return withDatabase(serverUrl, name);
}

export async function openIntegrationDatabase(): Promise<ConsoleDatabase> {
	const serverUrl = testPostgresUrl();
	if (!serverUrl) return openTestDatabase();
	const url = await createPostgresDatabase(serverUrl);
	return openPostgres(url, readMigrationSetFromDisk().postgres, { max: 4 });
}
