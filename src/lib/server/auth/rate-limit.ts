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

export class FailureBackoff {
	readonly #options: BackoffOptions;
	readonly #entries = new Map<string, Entry>();

	constructor(options: Partial<BackoffOptions> = {}) {
		this.#options = {
			freeAttempts: 5,
			baseDelayMs: 1000,
			maxDelayMs: 15 * 60 * 1000,
			forgetAfterMs: 60 * 60 * 1000,
			maxKeys: 50_000,
			...options
		};
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
