// The notification kinds (issue 19) and who gets each: one list shared by every channel that
// tells people what happened (Nostr direct messages, webhooks). Data and pure rules only: no
// I/O, no database, no clock. A kind names an event, never its content: payloads built from a
// kind carry ids, amounts, status and a link, never chat text, secrets or keys.

/** What a user (or an endpoint) may choose to be told about. */
export const NOTIFICATION_KINDS = [
	/** A dispute was opened on the node and nobody holds it yet. */
	'dispute_new',
	/** A party wrote in the chat of a dispute I hold. */
	'party_replied',
	/** Someone else's proposal (four eyes) waits for my review. */
	'proposal_review',
	/** The escrow of a dispute I hold expires in under 6 hours. */
	'escrow_6h',
	/** The escrow of a dispute I hold expires in under 1 hour (ignores quiet hours). */
	'escrow_1h',
	/** A dispute I hold was closed by the parties, or settled or refunded. */
	'dispute_closed',
	/** Someone took over a dispute I held. */
	'displaced',
	/** Re-notification: a new dispute is still not taken after N minutes. */
	'dispute_unattended',
	/** Escalation: a new dispute is still not taken after M minutes (operators). */
	'dispute_escalated',
	/** Reminder: a party of a dispute I hold has waited longer than K minutes for an answer. */
	'party_waiting',
	/** A colleague handed a dispute they hold to me (issue 17); the note stays on the case page. */
	'handed_to_you'
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * Who a kind is for:
 * - `takers`: every enabled user who may take a dispute (the `mediate` permission);
 * - `holder`: the console user holding the dispute;
 * - `reviewers`: users who may mediate, except the proposal's author;
 * - `displaced`: the user who held the dispute before a takeover;
 * - `operators`: every enabled operator;
 * - `handed`: the colleague a hand-over names.
 */
export type NotificationAudience = 'takers' | 'holder' | 'reviewers' | 'displaced' | 'operators' | 'handed';

export interface NotificationKindRule {
	audience: NotificationAudience;
	/** Sent during a user's quiet hours too. */
	ignoresQuietHours: boolean;
	/** Chosen for a user who has not chosen yet. */
	onByDefault: boolean;
}

export const NOTIFICATION_RULES: Readonly<Record<NotificationKind, NotificationKindRule>> = {
	dispute_new: { audience: 'takers', ignoresQuietHours: false, onByDefault: true },
	party_replied: { audience: 'holder', ignoresQuietHours: false, onByDefault: true },
	proposal_review: { audience: 'reviewers', ignoresQuietHours: false, onByDefault: true },
	escrow_6h: { audience: 'holder', ignoresQuietHours: false, onByDefault: true },
	escrow_1h: { audience: 'holder', ignoresQuietHours: true, onByDefault: true },
	dispute_closed: { audience: 'holder', ignoresQuietHours: false, onByDefault: true },
	displaced: { audience: 'displaced', ignoresQuietHours: false, onByDefault: true },
	dispute_unattended: { audience: 'takers', ignoresQuietHours: false, onByDefault: true },
	dispute_escalated: { audience: 'operators', ignoresQuietHours: false, onByDefault: true },
	party_waiting: { audience: 'holder', ignoresQuietHours: false, onByDefault: true },
	handed_to_you: { audience: 'handed', ignoresQuietHours: false, onByDefault: true }
};

export function isNotificationKind(value: unknown): value is NotificationKind {
	return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** The kinds chosen for someone who never chose: every kind on by default. */
export function defaultNotificationKinds(): NotificationKind[] {
	return NOTIFICATION_KINDS.filter((kind) => NOTIFICATION_RULES[kind].onByDefault);
}

/** Reads a stored or submitted list of kinds; unknown entries are dropped, order follows the list. */
export function parseNotificationKinds(value: unknown): NotificationKind[] {
	if (!Array.isArray(value)) return [];
	const chosen = new Set(value.filter(isNotificationKind));
	return NOTIFICATION_KINDS.filter((kind) => chosen.has(kind));
}

/** The re-notification and escalation delays (Settings); minutes. */
export interface NotificationTimings {
	/** A new dispute nobody took is announced again after this long. */
	renotifyAfterMin: number;
	/** ...and escalated to operators after this long. */
	escalateAfterMin: number;
	/** A party waiting this long for an answer reminds the holder. */
	partyWaitingAfterMin: number;
}

export const DEFAULT_NOTIFICATION_TIMINGS: NotificationTimings = { renotifyAfterMin: 15, escalateAfterMin: 60, partyWaitingAfterMin: 30 };
