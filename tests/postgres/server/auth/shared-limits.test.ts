// Shared limits on PostgreSQL with two replicas' pools on one database: failures counted on one
// replica block the other, and parallel API requests through both never exceed the bucket.
import { describe, expect, it } from 'vitest';
import { SharedFailureBackoff } from '../../../../src/lib/server/auth/shared-backoff.ts';
import { takeSharedToken } from '../../../../src/lib/server/api/shared-token-bucket.ts';
import { openPostgres } from '../../../../src/lib/server/db/postgres.ts';
import { readMigrationSetFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import { createPostgresDatabase, testPostgresUrl } from '../../../helpers/test-db.ts';

async function twoReplicas() {
	const server = testPostgresUrl();
	if (!server) throw new Error('MEDIATOR_DATABASE_URL is not set: run these tests with npm run test:pg');
	const url = await createPostgresDatabase(server);
	const migrations = readMigrationSetFromDisk().postgres;
	return Promise.all([openPostgres(url, migrations, { max: 4 }), openPostgres(url, migrations, { max: 4 })]);
}

describe('shared limits across replicas (PostgreSQL)', () => {
	it('blocks a login key on replica B after failures on replica A, and counts parallel failures exactly', async () => {
		const [a, b] = await twoReplicas();
		try {
			const options = { freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };
			const onA = new SharedFailureBackoff(a.db, 'login-account', options);
			const onB = new SharedFailureBackoff(b.db, 'login-account', options);
			await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? onA : onB).fail('olga', 5000)));
			const row = await a.db.selectFrom('auth_backoff').select('failures').executeTakeFirstOrThrow();
			expect(row.failures).toBe(10);
			expect(await onB.check('olga', 5000)).toEqual({ allowed: false, retryAfterMs: 32_000 });
			// Reservations before a password hash: exactly the free attempts get through, whichever replica.
			const verdicts = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? onA : onB).attempt('mallory', 5000)));
			expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
		} finally {
			await a.close();
			await b.close();
		}
	});

	it('lets parallel API requests through both replicas take exactly the bucket capacity', async () => {
		const [a, b] = await twoReplicas();
		try {
			const options = { capacity: 5, windowMs: 60_000 };
			const verdicts = await Promise.all(Array.from({ length: 12 }, (_, i) => takeSharedToken(i % 2 ? a.db : b.db, 'api:7', options, 1000)));
			expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
		} finally {
			await a.close();
			await b.close();
		}
	});
});
