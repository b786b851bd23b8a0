// The automation API's per-token buckets kept in the database (api_rate_buckets, migration 015),
// so the limit holds across every replica behind a load balancer (issue 20 "shared limits"). The
// same continuous refill as token-bucket.ts; each request is one transaction locking its row.
// Never stores the token itself: keys are the token's pseudo-session id (`api:<id>`).
import type { Db } from '../db/index.ts';
import { lockingRead } from '../db/row-lock.ts';
import type { BucketVerdict } from './token-bucket.ts';

export interface SharedBucketOptions {
	capacity: number;
	windowMs: number;
}

/** Takes one request from `key`'s bucket, or says how long until one is available. */
export async function takeSharedToken(db: Db, key: string, options: SharedBucketOptions, now = Date.now()): Promise<BucketVerdict> {
	const { capacity, windowMs } = options;
	const perMs = capacity / windowMs;
	return db.transaction().execute(async (tx) => {
		await tx
			.insertInto('api_rate_buckets')
			.values({ key, tokens: capacity, at: now })
			.onConflict((oc) => oc.column('key').doNothing())
			.execute();
		const bucket = await lockingRead(tx, tx.selectFrom('api_rate_buckets').select(['tokens', 'at']).where('key', '=', key)).executeTakeFirstOrThrow();
		const tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
		const allowed = tokens >= 1;
		await tx
			.updateTable('api_rate_buckets')
			.set({ tokens: allowed ? tokens - 1 : tokens, at: Math.max(now, bucket.at) })
			.where('key', '=', key)
			.execute();
		return allowed ? { allowed: true, remaining: Math.floor(tokens - 1) } : { allowed: false, retryAfterMs: Math.ceil((1 - tokens) / perMs) };
	});
}

/** Forgets buckets that have refilled completely (they behave exactly like new ones). */
export async function pruneSharedBuckets(db: Db, options: SharedBucketOptions, now = Date.now()): Promise<void> {
	await db
		.deleteFrom('api_rate_buckets')
		.where('at', '<', now - options.windowMs)
		.execute();
}
