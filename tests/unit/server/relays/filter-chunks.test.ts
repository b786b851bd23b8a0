// Filter lists cut to what relays accept (NIP-01, NIP-11 limitation): in order, nothing lost,
// none longer than the cap, nothing for nothing.
import { describe, expect, it } from 'vitest';
import { filterValueChunks, MAX_VALUES_PER_FILTER } from '../../../../src/lib/server/relays/filter-chunks.ts';

describe('filter value chunks', () => {
	it('cuts a long list in order, none over the cap, nothing lost', () => {
		const values = Array.from({ length: 2 * MAX_VALUES_PER_FILTER + 7 }, (_, i) => `v${i}`);
		const chunks = filterValueChunks(values);
		expect(chunks.map((c) => c.length)).toEqual([MAX_VALUES_PER_FILTER, MAX_VALUES_PER_FILTER, 7]);
		expect(chunks.flat()).toEqual(values);
	});

	it('keeps a short list whole and gives no filter for none', () => {
		expect(filterValueChunks(['a', 'b'])).toEqual([['a', 'b']]);
		expect(filterValueChunks([])).toEqual([]);
	});

	it('stays under the embedded relay validator caps (256 tag values, 1,000 authors)', () => {
		expect(MAX_VALUES_PER_FILTER).toBeLessThanOrEqual(256);
	});
});
