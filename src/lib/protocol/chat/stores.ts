// Caller-supplied state for chat validation: dedup stores and per-conversation rate limiting
// (PROTOCOL.md §5.3 steps 5, 6, 12). Interfaces plus small in-memory implementations for tests
// and the browser; durable stores belong to the server. Must never read the clock itself.

export interface DedupStore {
	has(id: string): boolean;
	add(id: string): void;
}

export interface RateLimiter {
	/** Consume one token for `channel` at `now` (seconds); false when the budget is exhausted. */
	take(channel: string, now: number): boolean;
}

/** Bounded insertion-order LRU set. */
export function buildMemoryDedupStore(limit = 10_000): DedupStore {
	const seen = new Set<string>();
	return {
		has: (id) => seen.has(id),
		add: (id) => {
			if (seen.has(id)) return;
			seen.add(id);
			if (seen.size > limit) {
				const first = seen.values().next();
				if (!first.done) seen.delete(first.value);
			}
		}
	};
}

/** Token bucket per channel: `ratePerMinute` sustained, `burst` capacity (defaults 30/min, 60). */
export function buildTokenBucket(ratePerMinute = 30, burst = 60): RateLimiter {
	const buckets = new Map<string, { tokens: number; at: number }>();
	return {
		take(channel, now) {
			const b = buckets.get(channel) ?? { tokens: burst, at: now };
			const elapsed = Math.max(0, now - b.at);
			b.tokens = Math.min(burst, b.tokens + (elapsed * ratePerMinute) / 60);
			b.at = Math.max(b.at, now);
			buckets.set(channel, b);
			if (b.tokens < 1) return false;
			b.tokens -= 1;
			return true;
		}
	};
}
