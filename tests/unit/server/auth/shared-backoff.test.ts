// The database-backed failure back-off follows FailureBackoff's rules (free attempts, doubling
// wait, refund, forget after idling) and two limiters on one database — two replicas — share it.
import { describe, expect, it } from 'vitest';
import { SharedFailureBackoff } from '../../../../src/lib/server/auth/shared-backoff.ts';
import { FailureBackoff } from '../../../../src/lib/server/auth/rate-limit.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';

const options = { freeAttempts: 2, baseDelayMs: 1000, maxDelayMs: 8000, forgetAfterMs: 60_000 };

describe('SharedFailureBackoff', () => {
	it('blocks after the free attempts with the same waits as the in-memory back-off', async () => {
		const { db } = openTestDatabase();
		const shared = new SharedFailureBackoff(db, 'login-account', options);
		const memory = new FailureBackoff(options);
		for (let i = 0; i < 6; i++) {
			await shared.fail('olga', 1000);
			memory.fail('olga', 1000);
			expect(await shared.check('olga', 1000)).toEqual(memory.check('olga', 1000));
		}
		expect(await shared.check('olga', 1000)).toEqual({ allowed: false, retryAfterMs: 8000 });
		expect(await shared.check('olga', 9001)).toEqual({ allowed: true });
		await shared.refund('olga');
		memory.refund('olga');
		expect(await shared.check('olga', 1000)).toEqual(memory.check('olga', 1000));
		await shared.succeed('olga');
		expect(await shared.check('olga', 1000)).toEqual({ allowed: true });
	});

	it('is shared by every limiter of the same scope on the database, and only that scope', async () => {
		const { db } = openTestDatabase();
		const replicaA = new SharedFailureBackoff(db, 'login-ip', options);
		const replicaB = new SharedFailureBackoff(db, 'login-ip', options);
		const otherScope = new SharedFailureBackoff(db, 'second-factor', options);
		await replicaA.fail('10.0.0.1', 0);
		await replicaB.fail('10.0.0.1', 0);
		expect(await replicaA.check('10.0.0.1', 0)).toEqual({ allowed: false, retryAfterMs: 1000 });
		expect(await replicaB.check('10.0.0.1', 0)).toEqual({ allowed: false, retryAfterMs: 1000 });
		expect(await otherScope.check('10.0.0.1', 0)).toEqual({ allowed: true });
	});

	it('starts over once a key idled longer than forgetAfterMs', async () => {
		const { db } = openTestDatabase();
		const shared = new SharedFailureBackoff(db, 'login-ip', options);
		for (let i = 0; i < 4; i++) await shared.fail('k', 0);
		expect((await shared.check('k', 1)).allowed).toBe(false);
		await shared.fail('k', 120_000);
		expect(await shared.check('k', 120_000)).toEqual({ allowed: true });
	});
});
