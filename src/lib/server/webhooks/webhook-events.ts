// The webhook event names an endpoint can choose (issue 19 "Webhooks", same choices as the
// Nostr DM notifications) and which committed domain event, or escrow deadline, each comes
// from. Pure: the caller supplies the dispute's current status. A fact that happens once per
// dispute carries a dedupe key so re-deliveries of the same domain event queue it only once.
// Must never put anything but ids and states into what it returns.
import type { DomainEvent } from '../domain-events/events.ts';

export const WEBHOOK_EVENTS = ['dispute.new', 'dispute.party_replied', 'decision.review_requested', 'escrow.deadline_6h', 'escrow.deadline_1h', 'dispute.closed', 'dispute.settled', 'dispute.refunded', 'dispute.takeover'] as const;

export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** The event a "send test" delivery carries; never chosen, always allowed. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

export function isWebhookEventName(value: unknown): value is WebhookEventName {
	return typeof value === 'string' && (WEBHOOK_EVENTS as readonly string[]).includes(value);
}

export interface WebhookFact {
	event: WebhookEventName;
	disputeId: string;
	/** Same key, same endpoint: queued once. Null when each occurrence counts. */
	dedupeKey: string | null;
	/** Extra non-secret detail for the body (a decision id, a party, an outcome). */
	detail: Record<string, string | number | boolean>;
}

/** Dispute statuses that end a dispute, by the webhook event that announces them. */
const ENDING_STATUS: Record<string, WebhookEventName> = {
	settled: 'dispute.settled',
	'seller-refunded': 'dispute.refunded',
	released: 'dispute.closed',
	'cooperatively-canceled': 'dispute.closed'
};

function once(event: WebhookEventName, disputeId: string, detail: WebhookFact['detail'] = {}): WebhookFact {
	return { event, disputeId, dedupeKey: `${event}:${disputeId}`, detail };
}

/**
 * The webhook fact a committed domain event stands for, or null. `status` is the dispute's
 * current status (read after the commit), needed for a new revision.
 */
export function webhookFactOf(event: DomainEvent, status: string | null): WebhookFact | null {
	switch (event.type) {
		case 'DisputeRevised': {
			if (status === 'initiated') return once('dispute.new', event.disputeId);
			const ending = status === null ? undefined : ENDING_STATUS[status];
			return ending ? once(ending, event.disputeId, { status: status ?? '' }) : null;
		}
		case 'ChatMessageStored':
			return event.direction === 'in' ? { event: 'dispute.party_replied', disputeId: event.disputeId, dedupeKey: null, detail: { party: event.party } } : null;
		case 'DecisionProposed':
			return { event: 'decision.review_requested', disputeId: event.disputeId, dedupeKey: `decision.review_requested:${event.decisionId}`, detail: { decisionId: event.decisionId } };
		case 'DisputeTaken':
			return event.displacedUserId === null ? null : { event: 'dispute.takeover', disputeId: event.disputeId, dedupeKey: null, detail: {} };
		case 'PartiesClosed':
			return once('dispute.closed', event.disputeId, { status: event.outcome });
		case 'DecisionAcknowledged':
			return event.action === 'admin-settle' ? once('dispute.settled', event.disputeId, { status: 'settled' }) : once('dispute.refunded', event.disputeId, { status: 'seller-refunded' });
		default:
			return null;
	}
}

const HOUR_MS = 3_600_000;

/** The deadline alerts due for a held escrow expiring at `deadlineMs` (escrow.deadline_*). */
export function escrowDeadlineFacts(disputeId: string, deadlineMs: number, now: number): WebhookFact[] {
	const left = deadlineMs - now;
	if (left <= 0) return [];
	const facts: WebhookFact[] = [];
	if (left < 6 * HOUR_MS) facts.push({ event: 'escrow.deadline_6h', disputeId, dedupeKey: `escrow.deadline_6h:${disputeId}:${deadlineMs}`, detail: { deadline: deadlineMs } });
	if (left < HOUR_MS) facts.push({ event: 'escrow.deadline_1h', disputeId, dedupeKey: `escrow.deadline_1h:${disputeId}:${deadlineMs}`, detail: { deadline: deadlineMs } });
	return facts;
}
