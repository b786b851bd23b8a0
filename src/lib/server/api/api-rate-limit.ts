// The automation API's rate limit (PRODUCT.md capability 12): one token bucket per API token,
// `MEDIATOR_API_RATE_PER_MINUTE` requests a minute (default 120). Over the limit the request is
// answered 429 `rate_limited` with `retry-after` (seconds). The buckets live in the database
// (shared-token-bucket.ts), so every replica counts against the same limit.
import { apiError } from '../api-response.ts';
import type { Db } from '../db/index.ts';
import { pruneSharedBuckets, takeSharedToken, type SharedBucketOptions } from './shared-token-bucket.ts';

export const DEFAULT_API_RATE_PER_MINUTE = 120;

export function apiRatePerMinute(value: string | undefined): number {
	const n = Number(value);
	return value && Number.isSafeInteger(n) && n >= 1 && n <= 100_000 ? n : DEFAULT_API_RATE_PER_MINUTE;
}

let options: SharedBucketOptions | null = null;
let lastPrune = 0;

function bucketOptions(): SharedBucketOptions {
	options ??= { capacity: apiRatePerMinute(process.env.MEDIATOR_API_RATE_PER_MINUTE), windowMs: 60_000 };
	return options;
}

/** Counts one request of the token `tokenKey`; the 429 answer when it is over the limit, else null. */
export async function limitApiRequest(db: Db, tokenKey: string, now = Date.now()): Promise<Response | null> {
	const verdict = await takeSharedToken(db, tokenKey, bucketOptions(), now);
	if (now - lastPrune > bucketOptions().windowMs) {
		lastPrune = now;
		await pruneSharedBuckets(db, bucketOptions(), now);
	}
	if (verdict.allowed) return null;
	const response = apiError(429, 'rate_limited', 'Too many API requests; retry later.');
	response.headers.set('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
	return response;
}
