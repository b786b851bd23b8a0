// Fetches everything the relays hold for an evidence key's filters (PROTOCOL.md §5.5 step 4):
// one-shot queries on every followed relay, paginated backwards with `until` until a page brings
// nothing new, over the whole life of the order (never the live chat's 7-day window). Relays
// answer a capped number of events per filter, so a stranger can post many newer events on a
// conversation's `#p` tag: the walk is bounded by time and a generous page count, not by a page
// count a flood can exhaust, and a page of one second's events steps past that second. Returns
// each distinct raw event (keyed by the hash of its JSON as received, so a forged copy of a real
// id is kept apart and validated on its own) with the relays that held it.
// Never validates or trusts anything: that is transcript-validate's job.
import { createHash } from 'node:crypto';
import type { QueryResult } from '../relays/relay-connection.ts';
import type { RelayFilter } from '../../protocol/chat/evidence.ts';

export interface RelayQuery {
	query(filters: Record<string, unknown>[], timeoutMs: number): Promise<QueryResult[]>;
}

export interface FetchedEvent {
	rawHash: string;
	raw: string;
	event: unknown;
	relays: Set<string>;
}

export interface FetchReport {
	events: Map<string, FetchedEvent>;
	/** Relays that did not finish a query (time-out, closed, unreachable). */
	incomplete: Set<string>;
}

export const PAGE_LIMIT = 5000;
const QUERY_TIMEOUT_MS = 8000;

export interface FetchBounds {
	/** Pages per filter at the most (default 1,000). */
	maxPages?: number;
	/** Wall-clock budget of the whole fetch in milliseconds (default 120 s). */
	budgetMs?: number;
}

export function hashRaw(raw: string): string {
	return createHash('sha256').update(raw).digest('hex');
}

function createdAtOf(event: unknown): number | null {
	const value = (event as { created_at?: unknown } | null)?.created_at;
	return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

/** Adds what one relay answered to `into`; returns how many distinct events were new. */
function merge(into: FetchReport, result: QueryResult): { added: number; oldest: number | null } {
	let added = 0;
	let oldest: number | null = null;
	if (!result.complete) into.incomplete.add(result.relay);
	for (const event of result.events) {
		if (typeof event !== 'object' || event === null) continue;
		const raw = JSON.stringify(event);
		const rawHash = hashRaw(raw);
		const known = into.events.get(rawHash);
		if (known) known.relays.add(result.relay);
		else {
			into.events.set(rawHash, { rawHash, raw, event, relays: new Set([result.relay]) });
			added += 1;
		}
		const at = createdAtOf(event);
		if (at !== null && (oldest === null || at < oldest)) oldest = at;
	}
	return { added, oldest };
}

/** Queries each filter on every relay, page by page, into one report (or into `report`). */
export async function fetchEvidenceEvents(relays: RelayQuery, filters: readonly RelayFilter[], report: FetchReport = { events: new Map(), incomplete: new Set() }, bounds: FetchBounds = {}): Promise<FetchReport> {
	const maxPages = bounds.maxPages ?? 1000;
	const deadline = Date.now() + (bounds.budgetMs ?? 120_000);
	await Promise.all(
		filters.map(async (filter) => {
			let until = filter.until;
			let steppedPast = false;
			for (let page = 0; page < maxPages && Date.now() < deadline; page++) {
				const paged: Record<string, unknown> = { ...filter, limit: PAGE_LIMIT };
				if (until !== undefined) paged.until = until;
				const results = await relays.query([paged], QUERY_TIMEOUT_MS);
				let added = 0;
				let oldest: number | null = null;
				for (const result of results) {
					const m = merge(report, result);
					added += m.added;
					if (m.oldest !== null && (oldest === null || m.oldest < oldest)) oldest = m.oldest;
				}
				if (oldest === null) break;
				// The next page overlaps on `oldest` so events sharing that second are not skipped.
				if (added > 0 && (until === undefined || oldest < until)) {
					until = oldest;
					steppedPast = false;
					continue;
				}
				// Nothing older came back: either the history is complete, or the relay's cap is
				// filled by events of one second (a flood sharing a timestamp). Step past that second
				// once; a second page with nothing new ends the walk.
				if (steppedPast || (filter.since !== undefined && oldest - 1 < filter.since)) break;
				steppedPast = true;
				until = oldest - 1;
			}
		})
	);
	return report;
}
