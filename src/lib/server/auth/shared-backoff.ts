// The failure back-off of rate-limit.ts kept in the database (auth_backoff, migration 015), so
// every replica behind a load balancer counts the same failures: a guesser spreading attempts
// over replicas meets one limit (issue 20 "shared limits"). Same rules as FailureBackoff: free
// attempts, then an exponentially growing wait; a key idle for `forgetAfterMs` starts over.
// Each change is one transaction that locks the key's row. Never stores the secret tried.
import type { Db } from '../db/index.ts';
import { lockingRead } from '../db/row-lock.ts';
import { blockedUntil, DEFAULT_BACKOFF, type Backoff, type BackoffOptions, type BackoffVerdict } from './rate-limit.ts';

/** Stale rows are swept after this many failures recorded by one limiter. */
const PRUNE_EVERY = 200;

export class SharedFailureBackoff implements Backoff {
	readonly #db: Db;
	readonly #scope: string;
	readonly #options: BackoffOptions;
	#sincePrune = 0;

	/** `scope` names the limiter (`login-ip`, `login-account`, `second-factor`); keys are per scope. */
	constructor(db: Db, scope: string, options: Partial<BackoffOptions> = {}) {
		this.#db = db;
		this.#scope = scope;
		this.#options = { ...DEFAULT_BACKOFF, ...options };
	}

	async check(key: string, now = Date.now()): Promise<BackoffVerdict> {
		const row = await this.#db.selectFrom('auth_backoff').select(['blocked_until', 'last_failure']).where('scope', '=', this.#scope).where('key', '=', key).executeTakeFirst();
		if (!row || now - row.last_failure > this.#options.forgetAfterMs) return { allowed: true };
		return row.blocked_until > now ? { allowed: false, retryAfterMs: row.blocked_until - now } : { allowed: true };
	}

	async attempt(key: string, now = Date.now()): Promise<BackoffVerdict> {
		return this.#countFailure(key, now, true);
	}

	async fail(key: string, now = Date.now()): Promise<void> {
		await this.#countFailure(key, now, false);
	}

	/** One transaction: reads the key's row locked, and counts a failure (unless `onlyIfAllowed` and blocked). */
	async #countFailure(key: string, now: number, onlyIfAllowed: boolean): Promise<BackoffVerdict> {
		const verdict = await this.#db.transaction().execute(async (tx): Promise<BackoffVerdict> => {
			// The row exists before it is read locked, so two replicas' first failures serialise too.
			await tx
				.insertInto('auth_backoff')
				.values({ scope: this.#scope, key, failures: 0, blocked_until: 0, last_failure: now })
				.onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
				.execute();
			const row = await lockingRead(tx, tx.selectFrom('auth_backoff').select(['failures', 'blocked_until', 'last_failure']).where('scope', '=', this.#scope).where('key', '=', key)).executeTakeFirstOrThrow();
			const live = now - row.last_failure <= this.#options.forgetAfterMs ? row : null;
			if (onlyIfAllowed && live && live.blocked_until > now) return { allowed: false, retryAfterMs: live.blocked_until - now };
			const failures = (live?.failures ?? 0) + 1;
			await tx
				.updateTable('auth_backoff')
				.set({ failures, blocked_until: blockedUntil(failures, now, this.#options), last_failure: now })
				.where('scope', '=', this.#scope)
				.where('key', '=', key)
				.execute();
			return { allowed: true };
		});
		if (++this.#sincePrune >= PRUNE_EVERY) {
			this.#sincePrune = 0;
			await this.#prune(now);
		}
		return verdict;
	}

	async succeed(key: string): Promise<void> {
		await this.#db.deleteFrom('auth_backoff').where('scope', '=', this.#scope).where('key', '=', key).execute();
	}

	async refund(key: string): Promise<void> {
		await this.#db.transaction().execute(async (tx) => {
			const row = await lockingRead(tx, tx.selectFrom('auth_backoff').select(['failures', 'last_failure']).where('scope', '=', this.#scope).where('key', '=', key)).executeTakeFirst();
			if (!row) return;
			const failures = Math.max(0, row.failures - 1);
			const where = tx.deleteFrom('auth_backoff').where('scope', '=', this.#scope).where('key', '=', key);
			if (failures === 0) {
				await where.execute();
				return;
			}
			await tx
				.updateTable('auth_backoff')
				.set({ failures, blocked_until: blockedUntil(failures, row.last_failure, this.#options) })
				.where('scope', '=', this.#scope)
				.where('key', '=', key)
				.execute();
		});
	}

	async #prune(now: number): Promise<void> {
		await this.#db
			.deleteFrom('auth_backoff')
			.where('scope', '=', this.#scope)
			.where('last_failure', '<', now - this.#options.forgetAfterMs)
			.where('blocked_until', '<=', now)
			.execute();
	}
}
