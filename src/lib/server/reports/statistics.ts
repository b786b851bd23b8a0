// Summary statistics for the Reports page (PRODUCT.md capability 10): median and p90 by
// the nearest-rank method, and a fixed histogram of durations. Pure functions on numbers;
// no I/O, no clock.

/** A duration sample summarised: how many values, their median and 90th percentile (seconds). */
export interface DurationSummary {
	count: number;
	median: number | null;
	p90: number | null;
}

/**
 * The p-th percentile (0 < p ≤ 100) by nearest rank: the smallest value such that at least
 * p % of the sample is less than or equal to it. Null for an empty sample.
 */
export function nearestRank(values: readonly number[], p: number): number | null {
	if (!(p > 0 && p <= 100)) throw new RangeError(`percentile out of range: ${p}`);
	const finite = values.filter((v) => Number.isFinite(v));
	if (finite.length === 0) return null;
	const sorted = [...finite].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.max(1, rank) - 1] ?? null;
}

/** Median by nearest rank (the lower middle value of an even sample), so it is always a real observation. */
export function median(values: readonly number[]): number | null {
	return nearestRank(values, 50);
}

export function summarizeDurations(values: readonly number[]): DurationSummary {
	return { count: values.filter((v) => Number.isFinite(v)).length, median: median(values), p90: nearestRank(values, 90) };
}

/** Histogram buckets for time to resolve, as upper bounds in seconds (the last is open-ended). */
export const RESOLVE_BUCKETS = [
	{ key: 'lt_1h', upTo: 3_600 },
	{ key: 'h1_6', upTo: 6 * 3_600 },
	{ key: 'h6_24', upTo: 24 * 3_600 },
	{ key: 'd1_3', upTo: 3 * 86_400 },
	{ key: 'd3_7', upTo: 7 * 86_400 },
	{ key: 'gte_7d', upTo: Number.POSITIVE_INFINITY }
] as const;

export type ResolveBucketKey = (typeof RESOLVE_BUCKETS)[number]['key'];

/** Counts durations per bucket; a value equal to a bound falls into the next bucket ([lower, upper)). */
export function histogram(values: readonly number[]): Array<{ key: ResolveBucketKey; count: number }> {
	const counts = RESOLVE_BUCKETS.map((bucket) => ({ key: bucket.key, count: 0 }));
	for (const value of values) {
		if (!Number.isFinite(value)) continue;
		const index = RESOLVE_BUCKETS.findIndex((bucket) => value < bucket.upTo);
		const slot = counts[index === -1 ? counts.length - 1 : index];
		if (slot) slot.count += 1;
	}
	return counts;
}

/** A share in [0, 1], or null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
	return whole > 0 ? part / whole : null;
}
