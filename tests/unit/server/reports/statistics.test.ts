import { describe, expect, it } from 'vitest';
import { histogram, median, nearestRank, share, summarizeDurations } from '../../../../src/lib/server/reports/statistics.ts';

describe('nearest-rank percentiles', () => {
	it('returns null for an empty sample', () => {
		expect(median([])).toBeNull();
		expect(summarizeDurations([])).toEqual({ count: 0, median: null, p90: null });
	});

	it('picks a real observation: the lower middle for an even sample', () => {
		expect(median([5])).toBe(5);
		expect(median([3, 1, 2])).toBe(2);
		expect(median([4, 1, 3, 2])).toBe(2);
	});

	it('computes p90 by nearest rank', () => {
		const values = Array.from({ length: 10 }, (_, i) => (i + 1) * 10);
		expect(nearestRank(values, 90)).toBe(90);
		expect(nearestRank(values, 100)).toBe(100);
		expect(nearestRank([...values, 110], 90)).toBe(100);
		expect(nearestRank([7, 1], 90)).toBe(7);
	});

	it('ignores non-finite values and rejects a bad percentile', () => {
		expect(summarizeDurations([Number.NaN, 10, 20])).toEqual({ count: 2, median: 10, p90: 20 });
		expect(() => nearestRank([1], 0)).toThrow(RangeError);
		expect(() => nearestRank([1], 101)).toThrow(RangeError);
	});
});

describe('histogram and share', () => {
	it('puts each duration in [lower, upper) buckets', () => {
		const counts = Object.fromEntries(histogram([0, 3_599, 3_600, 6 * 3_600, 86_400, 3 * 86_400, 30 * 86_400]).map((b) => [b.key, b.count]));
		expect(counts).toEqual({ lt_1h: 2, h1_6: 1, h6_24: 1, d1_3: 1, d3_7: 1, gte_7d: 1 });
	});

	it('divides, or says there is nothing to divide by', () => {
		expect(share(1, 4)).toBe(0.25);
		expect(share(0, 0)).toBeNull();
	});
});
