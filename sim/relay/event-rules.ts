// Event rules for the embedded relay: kind classes, expiration, addresses, filter matching
// and result ordering, as NIP-01 (kinds, filters, ordering), NIP-09 and NIP-40 define them.
// Pure: no I/O and no clock (time is a parameter). It must never trust an event's tags to be
// well formed; every lookup tolerates missing or odd values.
import type { Event, Filter } from '@nostr-relay/common';

export type KindClass = 'regular' | 'replaceable' | 'ephemeral' | 'addressable';

export function classifyKind(kind: number): KindClass {
	if (kind === 0 || kind === 3 || (kind >= 10_000 && kind < 20_000)) return 'replaceable';
	if (kind >= 20_000 && kind < 30_000) return 'ephemeral';
	if (kind >= 30_000 && kind < 40_000) return 'addressable';
	return 'regular';
}

/** The NIP-40 `expiration` timestamp, or null when absent or not a number. */
export function getExpiration(event: Event): number | null {
	const tag = event.tags.find((t) => t[0] === 'expiration');
	if (!tag || tag[1] === undefined) return null;
	const value = Number.parseInt(tag[1], 10);
	return Number.isFinite(value) ? value : null;
}

export function isExpired(event: Event, nowSeconds: number): boolean {
	const expiration = getExpiration(event);
	return expiration !== null && expiration <= nowSeconds;
}

/**
 * The slot a replaceable or addressable event occupies: '' for replaceable kinds, the first
 * `d` tag value (or '') for addressable kinds, null for regular and ephemeral kinds.
 */
export function getAddressSlot(event: Event): string | null {
	const kindClass = classifyKind(event.kind);
	if (kindClass === 'replaceable') return '';
	if (kindClass !== 'addressable') return null;
	return event.tags.find((t) => t[0] === 'd')?.[1] ?? '';
}

/** NIP-01 order: newest first; on equal created_at the lowest id first. */
export function compareNewestFirst(a: Event, b: Event): number {
	if (a.created_at !== b.created_at) return b.created_at - a.created_at;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** True when `candidate` should replace `current` in the same slot. */
export function isNewerThan(candidate: Event, current: Event): boolean {
	return compareNewestFirst(candidate, current) < 0;
}

/** Single-letter tag filters of a filter, as [letter, values] pairs. */
export function listTagFilters(filter: Filter): Array<[string, string[]]> {
	const pairs: Array<[string, string[]]> = [];
	for (const [key, value] of Object.entries(filter)) {
		if (key.length === 2 && key[0] === '#' && Array.isArray(value)) {
			pairs.push([key.slice(1), value.filter((v): v is string => typeof v === 'string')]);
		}
	}
	return pairs;
}

/** Full NIP-01 filter match, tags included (live delivery after EOSE). */
export function matchesFilter(event: Event, filter: Filter, nowSeconds: number): boolean {
	if (isExpired(event, nowSeconds)) return false;
	if (filter.ids && !filter.ids.includes(event.id)) return false;
	if (filter.authors && !filter.authors.includes(event.pubkey)) return false;
	if (filter.kinds && !filter.kinds.includes(event.kind)) return false;
	if (filter.since !== undefined && event.created_at < filter.since) return false;
	if (filter.until !== undefined && event.created_at > filter.until) return false;
	for (const [letter, values] of listTagFilters(filter)) {
		const hit = event.tags.some((t) => t[0] === letter && t[1] !== undefined && values.includes(t[1]));
		if (!hit) return false;
	}
	return true;
}

export type AddressPointer = { kind: number; pubkey: string; slot: string };

/** Parse an `a` tag value `kind:pubkey:d`; null when malformed. */
export function parseAddress(value: string): AddressPointer | null {
	const first = value.indexOf(':');
	const second = first < 0 ? -1 : value.indexOf(':', first + 1);
	if (first < 0 || second < 0) return null;
	const kind = Number(value.slice(0, first));
	const pubkey = value.slice(first + 1, second);
	if (!Number.isInteger(kind) || kind < 0 || !/^[0-9a-f]{64}$/.test(pubkey)) return null;
	return { kind, pubkey, slot: value.slice(second + 1) };
}
