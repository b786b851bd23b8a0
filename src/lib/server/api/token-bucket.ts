// A per-key token bucket: each key holds up to `capacity` requests and regains them at
// `capacity` per `windowMs`, continuously. Used for the automation API's per-token limit
// (PRODUCT.md capability 12). Memory is bounded: full buckets are forgotten when the map grows.
export interface TokenBucketOptions {
	/** Requests a key may make in a burst, and per window on average. */
	capacity: number;
	windowMs: number;
	maxKeys: number;
}

export type BucketVerdict = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

interface Bucket {
	tokens: number;
	at: number;
}

export class TokenBucketLimiter {
	readonly options: TokenBucketOptions;
	readonly #buckets = new Map<string, Bucket>();

	constructor(options: Partial<TokenBucketOptions> = {}) {
		this.options = { capacity: 120, windowMs: 60_000, maxKeys: 10_000, ...options };
	}

	get size(): number {
		return this.#buckets.size;
	}

	/** Takes one request from `key`'s bucket, or says how long until one is available. */
	take(key: string, now = Date.now()): BucketVerdict {
		const { capacity, windowMs } = this.options;
		const perMs = capacity / windowMs;
		const bucket = this.#buckets.get(key) ?? { tokens: capacity, at: now };
		const tokens = Math.min(capacity, bucket.tokens + Math.max(0, now - bucket.at) * perMs);
		if (tokens < 1) {
			this.#buckets.set(key, { tokens, at: now });
			return { allowed: false, retryAfterMs: Math.ceil((1 - tokens) / perMs) };
		}
		if (!this.#buckets.has(key) && this.#buckets.size >= this.options.maxKeys) this.#prune(now);
		this.#buckets.set(key, { tokens: tokens - 1, at: now });
		return { allowed: true, remaining: Math.floor(tokens - 1) };
	}

	/** Drops buckets that have refilled completely (they behave exactly like new ones). */
	#prune(now: number): void {
		const perMs = this.options.capacity / this.options.windowMs;
		for (const [key, bucket] of this.#buckets) {
			if (bucket.tokens + (now - bucket.at) * perMs >= this.options.capacity) this.#buckets.delete(key);
		}
		// Still full of active keys: forget the oldest ones rather than grow without bound.
		for (const key of this.#buckets.keys()) {
			if (this.#buckets.size < this.options.maxKeys) break;
			this.#buckets.delete(key);
		}
	}
}
