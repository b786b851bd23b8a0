// The API's database-backed buckets: a burst of `capacity`, then 429 with the wait until the next
// token; refilled continuously; one bucket for every replica on the database.
import { describe, expect, it } from 'vitest';
import { pruneSharedBuckets, takeSharedToken } from '../../../../src/lib/server/api/shared-token-bucket.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';

const options = { capacity: 3, windowMs: 3000 };

describe('shared API buckets', () => {
	it('allows a burst of capacity, then says how long to wait, then refills', async () => {
		const { db } = openTestDatabase();
		const verdicts = [];
		for (let i = 0; i < 4; i++) verdicts.push(await takeSharedToken(db, 'api:1', options, 0));
		expect(verdicts).toEqual([
			{ allowed: true, remaining: 2 },
			{ allowed: true, remaining: 1 },
			{ allowed: true, remaining: 0 },
			{ allowed: false, retryAfterMs: 1000 }
		]);
		expect(await takeSharedToken(db, 'api:1', options, 1000)).toEqual({ allowed: true, remaining: 0 });
		expect(await takeSharedToken(db, 'api:2', options, 1000)).toEqual({ allowed: true, remaining: 2 });
	});

	it('forgets buckets idle for a whole window', async () => {
		const { db } = openTestDatabase();
		await takeSharedToken(db, 'api:1', options, 0);
		await pruneSharedBuckets(db, options, 10_000);
		expect(await db.selectFrom('api_rate_buckets').selectAll().execute()).toEqual([]);
	});
});
