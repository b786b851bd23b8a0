// The PostgreSQL dialect against a real server (npm run test:pg): migrations apply once when two
// replicas start together, the audit log and checkpoints refuse changes, the board counts follow
// inserts, updates and deletes, user names compare without case, and numbers come back as numbers.
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openPostgres } from '../../../../src/lib/server/db/postgres.ts';
import { readMigrationSetFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import { createPostgresDatabase, openIntegrationDatabase, testPostgresUrl } from '../../../helpers/test-db.ts';
import { recordAudit, toChainedEntry } from '../../../../src/lib/server/audit/log.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';
import { verifyChain } from '../../../../src/lib/server/audit/hash-chain.ts';

function serverUrl(): string {
	const url = testPostgresUrl();
	if (!url) throw new Error('MEDIATOR_DATABASE_URL is not set: run these tests with npm run test:pg');
	return url;
}

describe('PostgreSQL migrations', () => {
	it('applies every migration once when two replicas open an empty database together', async () => {
		const url = await createPostgresDatabase(serverUrl(), '');
		const migrations = readMigrationSetFromDisk().postgres;
		const [a, b] = await Promise.all([openPostgres(url, migrations), openPostgres(url, migrations)]);
		try {
			expect([a.applied.length, b.applied.length].sort()).toEqual([0, migrations.length]);
			const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM schema_migrations`.execute(a.db);
			expect(rows.rows[0]?.n).toBe(migrations.length);
		} finally {
			await a.close();
			await b.close();
		}
	});
});

describe('PostgreSQL schema rules', () => {
	it('keeps the audit log and its checkpoints append-only', async () => {
		const database = await openIntegrationDatabase();
		try {
			await recordAudit(database.db, systemActor('system'), { action: 'test.one' });
			await expect(database.db.updateTable('audit_log').set({ actor: 'x' }).execute()).rejects.toThrow(/append-only/);
			await expect(database.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
			await expect(sql`TRUNCATE audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
			await database.db.insertInto('audit_checkpoints').values({ entry_id: 1, head_hash: 'h', signed_at: 1, pubkey: 'p', signature: 's' }).execute();
			await expect(database.db.deleteFrom('audit_checkpoints').execute()).rejects.toThrow(/append-only/);
			await expect(database.db.updateTable('audit_checkpoints').set({ signature: 'x' }).execute()).rejects.toThrow(/append-only/);
		} finally {
			await database.close();
		}
	});

	it('never forks the audit chain when replicas append at the same time', async () => {
		const database = await openIntegrationDatabase();
		try {
			await Promise.all(Array.from({ length: 20 }, (_, i) => recordAudit(database.db, systemActor('system'), { action: `test.${i}` })));
			const rows = await database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
			expect(rows.map((row) => row.id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
			expect(verifyChain(rows.map(toChainedEntry)).ok).toBe(true);
		} finally {
			await database.close();
		}
	});

	it('keeps the board counts through insert, update and delete', async () => {
		const database = await openIntegrationDatabase();
		const dispute = (id: string, status: string) => ({ id, status, opened_at: 1, first_seen_at: 1, revision_at: 1, revision_event_id: `e-${id}`, updated_at: 1 });
		const counts = () => database.db.selectFrom('dispute_counts').select(['status', 'holder_user_id', 'n']).where('n', '>', 0).orderBy('status').execute();
		try {
			await database.db
				.insertInto('disputes')
				.values([dispute('a', 'initiated'), dispute('b', 'initiated')])
				.execute();
			expect(await counts()).toEqual([{ status: 'initiated', holder_user_id: 0, n: 2 }]);
			await database.db.updateTable('disputes').set({ status: 'in-progress' }).where('id', '=', 'a').execute();
			await database.db.updateTable('disputes').set({ updated_at: 2 }).where('id', '=', 'b').execute();
			expect(await counts()).toEqual([
				{ status: 'in-progress', holder_user_id: 0, n: 1 },
				{ status: 'initiated', holder_user_id: 0, n: 1 }
			]);
			await database.db.deleteFrom('disputes').where('id', '=', 'b').execute();
			expect(await counts()).toEqual([{ status: 'in-progress', holder_user_id: 0, n: 1 }]);
		} finally {
			await database.close();
		}
	});

	it('compares user names without case and binds booleans as 0/1', async () => {
		const database = await openIntegrationDatabase();
		try {
			const user = { role: 'operator', password_hash: 'x', created_at: Date.now(), updated_at: Date.now() };
			const inserted = await database.db
				.insertInto('users')
				.values({ ...user, name: 'Olga', disabled: true as unknown as number })
				.returning(['id', 'created_at', 'disabled'])
				.executeTakeFirstOrThrow();
			expect(inserted).toEqual({ id: 1, created_at: user.created_at, disabled: 1 });
			await expect(
				database.db
					.insertInto('users')
					.values({ ...user, name: 'OLGA' })
					.execute()
			).rejects.toThrow(/unique/i);
			expect(await database.db.selectFrom('users').select('id').where('name', '=', 'olga').executeTakeFirst()).toEqual({ id: 1 });
		} finally {
			await database.close();
		}
	});
});
