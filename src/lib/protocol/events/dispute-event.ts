// Kind 38386 dispute events and the legacy kind 38383 `z=dispute` form (daemons ≤ v0.15.6):
// parse, status classification, open-time precedence, plus a template builder for the node
// double (PROTOCOL.md §1.4, §1.5, §3.7, §8 #2–#4). Unknown statuses are kept raw and treated as
// closed. Must never accept events from anyone but the expected node.
import { ProtocolError } from '../errors.ts';
import { tagValue, type EventTemplate, type Tag } from '../event.ts';
import { instanceNameOf, intTag, KIND_DISPUTE, KIND_ORDER, readPublicEvent, requireTag, type PublicEventOptions } from './common.ts';

export const DISPUTE_STATUSES = ['initiated', 'in-progress', 'seller-refunded', 'settled', 'released', 'cooperatively-canceled'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
export type DisputeInitiator = 'buyer' | 'seller' | 'unknown';

const OPEN: ReadonlySet<string> = new Set(['initiated', 'in-progress']);
const KNOWN: ReadonlySet<string> = new Set(DISPUTE_STATUSES);

export function isDisputeStatus(v: unknown): v is DisputeStatus {
	return typeof v === 'string' && KNOWN.has(v);
}

/** Open = initiated or in-progress; every other value (known terminal or unknown) is closed. */
export function isDisputeOpen(status: string): boolean {
	return OPEN.has(status);
}

/**
 * Who closed a dispute (UPSTREAM-0.19.md §5): `released` / `cooperatively-canceled` = the
 * parties themselves; `settled` / `seller-refunded` = a solver or admin decided (on v0.19; on
 * older nodes a party close was also published that way); open; or an unknown terminal value.
 */
export type DisputeOutcome = 'open' | 'decided' | 'closed-by-parties' | 'other';

export function disputeOutcome(status: string): DisputeOutcome {
	if (OPEN.has(status)) return 'open';
	if (status === 'settled' || status === 'seller-refunded') return 'decided';
	if (status === 'released' || status === 'cooperatively-canceled') return 'closed-by-parties';
	return 'other';
}

/** Rank for same-second ties: prefer the more advanced status (§1.4). */
export function disputeStatusRank(status: string): number {
	if (status === 'initiated') return 0;
	if (status === 'in-progress') return 1;
	return 2;
}

export interface DisputeEvent {
	eventId: string;
	kind: number;
	legacy: boolean;
	/** Event created_at = time of this revision. */
	revisionAt: number;
	disputeId: string;
	/** Raw `s` value (may be unknown). */
	status: string;
	isKnownStatus: boolean;
	isOpen: boolean;
	initiator: DisputeInitiator | null;
	/** Dispute open time: `published_at` tag, else `created_at` tag, else event created_at. */
	openedAt: number;
	openedAtSource: 'published_at' | 'created_at_tag' | 'event';
	expiration: number | null;
	instanceName: string | null;
}

export function parseDisputeEvent(input: unknown, expectedAuthor: string, o: PublicEventOptions = {}): DisputeEvent {
	const e = readPublicEvent(input, expectedAuthor, [KIND_DISPUTE, KIND_ORDER], o);
	const t = e.tags;
	const legacy = e.kind === KIND_ORDER;
	const z = tagValue(t, 'z');
	if (legacy && z !== 'dispute') throw new ProtocolError('wrong_kind', 'kind 38383 event is not z=dispute');
	if (!legacy && z !== undefined && z !== 'dispute') throw new ProtocolError('invalid_tag', 'z tag must be dispute');
	const disputeId = requireTag(t, 'd');
	const status = requireTag(t, 's');
	const ini = tagValue(t, 'initiator');
	const initiator: DisputeInitiator | null = ini === 'buyer' || ini === 'seller' || ini === 'unknown' ? ini : null;
	const published = intTag(t, 'published_at');
	const createdTag = intTag(t, 'created_at');
	const [openedAt, openedAtSource]: [number, DisputeEvent['openedAtSource']] = published !== null ? [published, 'published_at'] : createdTag !== null ? [createdTag, 'created_at_tag'] : [e.created_at, 'event'];
	return {
		eventId: e.id,
		kind: e.kind,
		legacy,
		revisionAt: e.created_at,
		disputeId,
		status,
		isKnownStatus: isDisputeStatus(status),
		isOpen: isDisputeOpen(status),
		initiator,
		openedAt,
		openedAtSource,
		expiration: intTag(t, 'expiration'),
		instanceName: instanceNameOf(t)
	};
}

/**
 * Which of two revisions of the same dispute wins: newer revisionAt; on a tie the more advanced
 * status; then the lower event id (NIP-01). Returns true when `a` should replace `b`.
 */
export function isNewerDisputeRevision(a: DisputeEvent, b: DisputeEvent): boolean {
	if (a.revisionAt !== b.revisionAt) return a.revisionAt > b.revisionAt;
	const ra = disputeStatusRank(a.status);
	const rb = disputeStatusRank(b.status);
	if (ra !== rb) return ra > rb;
	return a.eventId < b.eventId;
}

export interface DisputeEventInit {
	disputeId: string;
	status: string;
	initiator?: DisputeInitiator | null;
	/** Dispute open time (the `created_at` tag, v0.18.5+). */
	openedAt?: number | null;
	/** Use the announced `published_at` tag name instead of `created_at`. */
	openedAtTagName?: 'created_at' | 'published_at';
	now: number;
	expirationDays?: number | null;
	instanceName?: string | null;
	/** Legacy kind 38383 form (`d`, `s`, `y`, `z` only). */
	legacy?: boolean;
}

/** Event template the daemon publishes for a dispute revision (sign it with the node key). */
export function buildDisputeEventTemplate(i: DisputeEventInit): EventTemplate {
	const y: Tag = i.instanceName ? ['y', 'mostro', i.instanceName] : ['y', 'mostro'];
	if (i.legacy) {
		return { kind: KIND_ORDER, created_at: i.now, content: '', tags: [['d', i.disputeId], ['s', i.status], y, ['z', 'dispute']] };
	}
	const tags: Tag[] = [['d', i.disputeId]];
	const days = i.expirationDays === undefined ? 90 : i.expirationDays;
	if (days !== null) tags.push(['expiration', String(i.now + days * 86400)]);
	tags.push(['s', i.status]);
	if (i.initiator) tags.push(['initiator', i.initiator]);
	if (i.openedAt !== undefined && i.openedAt !== null) tags.push([i.openedAtTagName ?? 'created_at', String(i.openedAt)]);
	tags.push(y, ['z', 'dispute']);
	return { kind: KIND_DISPUTE, created_at: i.now, content: '', tags };
}
