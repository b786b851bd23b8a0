// The maker's reputation as the current 38383 revision of the order publishes it (PROTOCOL.md
// §1.1 `rating` tag, daemon form `["rating",{…}]` or the older bare object), read back from the
// stored raw revision for the board. "Since" is the tag's own `since` when the node sends one,
// else the revision time minus the published `days`. Never throws on stored text.
import { parseRatingTag } from '../../protocol/events/order-event.ts';

export interface MakerReputation {
	rating: number;
	reviews: number;
	/** Unix seconds the maker has been on the node since (day precision when derived). */
	since: number | null;
}

export function readMakerReputation(raw: string | null): MakerReputation | null {
	if (!raw) return null;
	try {
		const event = JSON.parse(raw) as { created_at?: unknown; tags?: unknown };
		if (!Array.isArray(event.tags)) return null;
		const tag = event.tags.find((t): t is string[] => Array.isArray(t) && t[0] === 'rating' && typeof t[1] === 'string');
		const parsed = parseRatingTag(tag?.[1]);
		if (!parsed || parsed.total_rating === null || parsed.total_reviews === null) return null;
		const at = typeof event.created_at === 'number' ? event.created_at : null;
		const since = parsed.since ?? (parsed.days !== null && at !== null ? at - parsed.days * 86400 : null);
		return { rating: parsed.total_rating, reviews: parsed.total_reviews, since };
	} catch {
		return null;
	}
}
