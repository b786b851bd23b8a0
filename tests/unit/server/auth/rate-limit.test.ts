import { describe, expect, it } from 'vitest';
import { FailureBackoff } from '../../../../src/lib/server/auth/rate-limit.ts';

describe('failure back-off', () => {
	it('allows the free attempts, then doubles the wait', () => {
		const limiter = new FailureBackoff({ freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000 });
		const t = 1_000_000;
		for (let i = 0; i < 3; i++) {
			expect(limiter.check('ip', t).allowed).toBe(true);
			limiter.fail('ip', t);
		}
		expect(limiter.check('ip', t).allowed).toBe(false);
		expect(limiter.check('ip', t + 1000).allowed).toBe(true);
		limiter.fail('ip', t + 1000);
		expect(limiter.check('ip', t + 2500)).toEqual({ allowed: false, retryAfterMs: 500 });
		limiter.fail('ip', t + 3000);
		limiter.fail('ip', t + 3000);
		limiter.fail('ip', t + 3000);
		expect(limiter.check('ip', t + 3000)).toEqual({ allowed: false, retryAfterMs: 8000 });
	});

	it('keeps keys apart and forgets them on success', () => {
		const limiter = new FailureBackoff({ freeAttempts: 0 });
		limiter.fail('a', 0);
		expect(limiter.check('a', 0).allowed).toBe(false);
		expect(limiter.check('b', 0).allowed).toBe(true);
		limiter.succeed('a');
		expect(limiter.check('a', 0).allowed).toBe(true);
	});

	it('stays within its memory bound', () => {
		const limiter = new FailureBackoff({ maxKeys: 10, forgetAfterMs: 1 });
		for (let i = 0; i < 100; i++) {
			limiter.fail(`k${i}`, i * 10);
			expect(limiter.size).toBeLessThanOrEqual(11);
		}
		expect(limiter.size).toBeLessThanOrEqual(10);
	});
});
