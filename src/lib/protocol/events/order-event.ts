// Kind 38383 order events (NIP-69 style) and kind 38384 ratings (plus the legacy 38383
// `z=rating` form) (PROTOCOL.md §1.1, §1.2). Tags are read by name; malformed optional values
// become null. Must never treat a dispute or info event as an order.
import { ProtocolError } from '../errors.ts';
import { tagValue, tagsNamed } from '../event.ts';
import { floatTag, instanceNameOf, intTag, KIND_ORDER, KIND_RATING, readPublicEvent, requireTag, strTag, type PublicEventOptions } from './common.ts';

export interface OrderRatingTag {
	total_reviews: number | null;
	total_rating: number | null;
	days: number | null;
	/** v0.19.2+: unix seconds the maker first appeared on the node; null when not published. */
	since: number | null;
}

export interface OrderEvent {
	eventId: string;
	revisionAt: number;
	orderId: string;
	orderKind: 'buy' | 'sell' | null;
	fiatCode: string | null;
	/** Raw published status: pending, in-progress, success, canceled, completed-by-admin, … */
	status: string;
	amount: number | null;
	/** One value, or [min, max] for a pending range order. */
	fiatAmount: number[];
	paymentMethods: string[];
	premium: number | null;
	rating: OrderRatingTag | null;
	source: string | null;
	network: string | null;
	layer: string | null;
	expiresAt: number | null;
	expiration: number | null;
	publishedAt: number | null;
	instanceName: string | null;
}

/**
 * The `rating` tag value is JSON: the daemon's form `["rating",{…}]` (§1.1, what v0.19.2 sends)
 * or a bare object (older doubles and clients). Anything else is null.
 */
export function parseRatingTag(raw: string | undefined): OrderRatingTag | null {
	if (raw === undefined) return null;
	try {
		let v: unknown = JSON.parse(raw);
		if (Array.isArray(v)) v = v.length === 2 && v[0] === 'rating' ? v[1] : null;
		if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
		const o = v as Record<string, unknown>;
		const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null);
		return { total_reviews: num(o.total_reviews), total_rating: num(o.total_rating), days: num(o.days), since: num(o.since) };
	} catch {
		return null;
	}
}

export function parseOrderEvent(input: unknown, expectedAuthor: string, o: PublicEventOptions = {}): OrderEvent {
	const e = readPublicEvent(input, expectedAuthor, [KIND_ORDER], o);
	const t = e.tags;
	const z = tagValue(t, 'z');
	if (z !== undefined && z !== 'order') throw new ProtocolError('wrong_kind', `kind 38383 event is z=${z}, not an order`);
	const k = tagValue(t, 'k');
	const fa = t.find((x) => x[0] === 'fa')?.slice(1) ?? [];
	return {
		eventId: e.id,
		revisionAt: e.created_at,
		orderId: requireTag(t, 'd'),
		orderKind: k === 'buy' || k === 'sell' ? k : null,
		fiatCode: strTag(t, 'f'),
		status: requireTag(t, 's'),
		amount: intTag(t, 'amt'),
		fiatAmount: fa.map(Number).filter((n) => Number.isFinite(n)),
		paymentMethods: tagsNamed(t, 'pm').flatMap((x) => x.slice(1)),
		premium: floatTag(t, 'premium'),
		rating: parseRatingTag(tagValue(t, 'rating')),
		source: strTag(t, 'source'),
		network: strTag(t, 'network'),
		layer: strTag(t, 'layer'),
		expiresAt: intTag(t, 'expires_at'),
		expiration: intTag(t, 'expiration'),
		publishedAt: intTag(t, 'published_at'),
		instanceName: instanceNameOf(t)
	};
}

export interface RatingEvent {
	eventId: string;
	revisionAt: number;
	legacy: boolean;
	/** A trade pubkey (see §1.2: do not use it to find someone's reputation). */
	d: string;
	totalReviews: number | null;
	totalRating: number | null;
	lastRating: number | null;
	maxRate: number | null;
	minRate: number | null;
	days: number | null;
	expiration: number | null;
}

export function parseRatingEvent(input: unknown, expectedAuthor: string, o: PublicEventOptions = {}): RatingEvent {
	const e = readPublicEvent(input, expectedAuthor, [KIND_RATING, KIND_ORDER], o);
	const t = e.tags;
	const legacy = e.kind === KIND_ORDER;
	const z = tagValue(t, 'z');
	if (legacy && z !== 'rating') throw new ProtocolError('wrong_kind', 'kind 38383 event is not z=rating');
	return {
		eventId: e.id,
		revisionAt: e.created_at,
		legacy,
		d: requireTag(t, 'd'),
		totalReviews: intTag(t, 'total_reviews'),
		totalRating: floatTag(t, 'total_rating'),
		lastRating: intTag(t, 'last_rating'),
		maxRate: intTag(t, 'max_rate') ?? intTag(t, 'max_rating'),
		minRate: intTag(t, 'min_rate') ?? intTag(t, 'min_rating'),
		days: intTag(t, 'days'),
		expiration: intTag(t, 'expiration')
	};
}
