// Failure back-off for logins and other guessable secrets, keyed per IP and per
// account: a few free attempts, then an exponentially growing wait. Process-wide
// infrastructure (created once); memory is bounded by pruning idle keys.
export interface BackoffOptions {
	freeAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A key with no failure for this long is forgotten. */
	forgetAfterMs: number;
	maxKeys: number;
}

interface Entry {
	failures: number;
	blockedUntil: number;
	lastFailure: number;
}

export type BackoffVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A failure back-off: this in-memory one, or the database-backed one every replica shares
 * (shared-backoff.ts). Callers await every call, so either fits.
 */
export interface Backoff {
	check(key: string, now?: number): BackoffVerdict | Promise<BackoffVerdict>;
	/** `check`, and when allowed also `fail` at once (a reservation before a slow check), atomically. */
	attempt(key: string, now?: number): BackoffVerdict | Promise<BackoffVerdict>;
	fail(key: string, now?: number): void | Promise<void>;
	succeed(key: string): void | Promise<void>;
	refund(key: string): void | Promise<void>;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
	freeAttempts: 5,
	baseDelayMs: 1000,
	maxDelayMs: 15 * 60 * 1000,
	forgetAfterMs: 60 * 60 * 1000,
	maxKeys: 50_000
};

/** When a key with `failures` failures, the newest at `lastFailure`, may try again (0 = now). */
export function blockedUntil(failures: number, lastFailure: number, options: Pick<BackoffOptions, 'freeAttempts' | 'baseDelayMs' | 'maxDelayMs'>): number {
	const over = failures - options.freeAttempts + 1;
	return over > 0 ? lastFailure + Math.min(options.baseDelayMs * 2 ** (over - 1), options.maxDelayMs) : 0;
}

export class FailureBackoff implements Backoff {
	readonly #options: BackoffOptions;
	readonly #entries = new Map<string, Entry>();

	constructor(options: Partial<BackoffOptions> = {}) {
		this.#options = { ...DEFAULT_BACKOFF, ...options };
	}

	/** How many keys are remembered. */
	get size(): number {
		return this.#entries.size;
	}

	check(key: string, now = Date.now()): BackoffVerdict {
		const entry = this.#entries.get(key);
		if (!entry) return { allowed: true };
		if (now - entry.lastFailure > this.#options.forgetAfterMs) {
			this.#entries.delete(key);
			return { allowed: true };
		}
		if (entry.blockedUntil > now) return { allowed: false, retryAfterMs: entry.blockedUntil - now };
		return { allowed: true };
	}

	attempt(key: string, now = Date.now()): BackoffVerdict {
		const verdict = this.check(key, now);
		if (verdict.allowed) this.fail(key, now);
		return verdict;
	}

	fail(key: string, now = Date.now()): void {
		const entry = this.#entries.get(key) ?? { failures: 0, blockedUntil: 0, lastFailure: now };
		entry.failures += 1;
		entry.lastFailure = now;
		const over = entry.failures - this.#options.freeAttempts + 1;
		if (over > 0) {
			const delay = Math.min(this.#options.baseDelayMs * 2 ** (over - 1), this.#options.maxDelayMs);
			entry.blockedUntil = now + delay;
		}
		this.#entries.set(key, entry);
		if (this.#entries.size > this.#options.maxKeys) this.#prune(now);
	}

	succeed(key: string): void {
		this.#entries.delete(key);
	}

	/**
	 * Undoes one `fail` taken as a reservation before a slow check that then succeeded,
	 * without forgiving the key's other failures (unlike `succeed`).
	 */
	refund(key: string): void {
		const entry = this.#entries.get(key);
		if (!entry) return;
		entry.failures = Math.max(0, entry.failures - 1);
		if (entry.failures === 0) {
			this.#entries.delete(key);
			return;
		}
		const over = entry.failures - this.#options.freeAttempts + 1;
		entry.blockedUntil = over > 0 ? entry.lastFailure + Math.min(this.#options.baseDelayMs * 2 ** (over - 1), this.#options.maxDelayMs) : 0;
	}

	#prune(now: number): void {
		for (const [key, entry] of this.#entries) {
			if (now - entry.lastFailure > this.#options.forgetAfterMs && entry.blockedUntil <= now) this.#entries.delete(key);
		}
		while (this.#entries.size > this.#options.maxKeys) {
			const oldest = this.#entries.keys().next();
			if (oldest.done) break;
			this.#entries.delete(oldest.value);
		}
	}
}
