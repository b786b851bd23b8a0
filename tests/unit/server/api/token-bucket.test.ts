// The automation API's per-token token bucket: a burst up to the capacity, then 429 with a
// retry-after until the bucket refills; tokens are independent; the env setting is validated.
import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from '../../../../src/lib/server/api/token-bucket.ts';
import { apiRatePerMinute, DEFAULT_API_RATE_PER_MINUTE } from '../../../../src/lib/server/api/api-rate-limit.ts';

describe('TokenBucketLimiter', () => {
	it('allows a burst of `capacity`, then refuses with the wait until the next request', () => {
		const limiter = new TokenBucketLimiter({ capacity: 3, windowMs: 60_000 });
		expect([1, 2, 3].map(() => limiter.take('a', 0).allowed)).toEqual([true, true, true]);
		const refused = limiter.take('a', 0);
		expect(refused).toEqual({ allowed: false, retryAfterMs: 20_000 });
		expect(limiter.take('b', 0).allowed).toBe(true);
		expect(limiter.take('a', 19_999).allowed).toBe(false);
		expect(limiter.take('a', 20_000 + 19_999)).toMatchObject({ allowed: true });
		expect(limiter.take('a', 20_000 + 19_999).allowed).toBe(false);
	});

	it('refills to capacity, never beyond', () => {
		const limiter = new TokenBucketLimiter({ capacity: 2, windowMs: 1000 });
		limiter.take('a', 0);
		limiter.take('a', 0);
		expect(limiter.take('a', 1_000_000)).toEqual({ allowed: true, remaining: 1 });
		expect(limiter.take('a', 1_000_000).allowed).toBe(true);
		expect(limiter.take('a', 1_000_000).allowed).toBe(false);
	});

	it('stays bounded in memory', () => {
		const limiter = new TokenBucketLimiter({ capacity: 5, windowMs: 1000, maxKeys: 10 });
		for (let i = 0; i < 100; i++) limiter.take(`k${i}`, i);
		expect(limiter.size).toBeLessThanOrEqual(10);
	});
});

describe('apiRatePerMinute', () => {
	it('reads a positive integer and falls back to the default otherwise', () => {
		expect(apiRatePerMinute('30')).toBe(30);
		expect(apiRatePerMinute(undefined)).toBe(DEFAULT_API_RATE_PER_MINUTE);
		expect(apiRatePerMinute('0')).toBe(DEFAULT_API_RATE_PER_MINUTE);
		expect(apiRatePerMinute('abc')).toBe(DEFAULT_API_RATE_PER_MINUTE);
	});
});
