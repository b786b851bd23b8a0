// Long filter lists cut to what relays accept (NIP-01 REQ; NIP-11 `limitation`): relays cap the
// values of a filter's `authors` and tag lists and refuse the whole REQ beyond the cap (the
// embedded relay's validator: 1,000 authors, 256 tag values; others often fewer), so a console
// holding many disputes asks in several filters of one REQ. Pure; never reorders or drops values.

/** The most values a filter list gets from this console. */
export const MAX_VALUES_PER_FILTER = 200;

/** `values` cut into lists of at most MAX_VALUES_PER_FILTER, in order; none for none. */
export function filterValueChunks(values: readonly string[]): string[][] {
	const chunks: string[][] = [];
	for (let i = 0; i < values.length; i += MAX_VALUES_PER_FILTER) chunks.push(values.slice(i, i + MAX_VALUES_PER_FILTER));
	return chunks;
}
