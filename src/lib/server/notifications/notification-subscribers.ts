// What the notifier hears of the domain events (issue 19), wired from `followDomainEvents`:
// a new untaken dispute, its close, a takeover, a party's message, a proposal to review (and
// its notice dropped, unsent, once the proposal was withdrawn, approved or rejected), a
// hand-over to a colleague.
// Each handler reads what it needs after the commit and hands the notifier ids and facts only
// (never a chat text: ChatMessageStored carries none). Failures are the bus's to log.
import type { DomainEventBus } from '../domain-events/bus.ts';
import type { Db } from '../db/index.ts';
import { getDispute } from '../cases/dispute-store.ts';
import { getDecision } from '../cases/decision-store.ts';
import { getOrder } from '../cases/order-store.ts';
import { isDisputeOpen } from '../../protocol/events/dispute-event.ts';
import { ANNOUNCE_WINDOW_MS } from './attention-scan.ts';
import type { Notifier } from './notifier.ts';
import { dropUnsentNotifications } from './notification-log.ts';

/** Party replies on one dispute are told at most once per this window. */
const REPLY_WINDOW_MS = 10 * 60_000;

export function followForNotifications(events: DomainEventBus, db: Db, notifier: Notifier): void {
	events.on('DisputeRevised', async ({ disputeId }) => {
		const d = await getDispute(db, disputeId);
		if (!d) return;
		const facts = { amountSats: d.amountSats ?? (await getOrder(db, d.orderId))?.amountSats ?? null, status: d.status };
		if (d.status === 'initiated' && d.holderUserId === null && d.openedAt >= notifier.now() - ANNOUNCE_WINDOW_MS) {
			await notifier.notify({ kind: 'dispute_new', disputeId, dedupeKey: `dispute_new:${disputeId}`, facts });
		} else if (!isDisputeOpen(d.status) && d.holderUserId !== null) {
			await notifier.notify({ kind: 'dispute_closed', disputeId, dedupeKey: `dispute_closed:${disputeId}`, facts, audience: { holderUserId: d.holderUserId } });
		}
	});
	events.on('PartiesClosed', async ({ disputeId, userId, outcome }) => {
		const d = await getDispute(db, disputeId);
		await notifier.notify({ kind: 'dispute_closed', disputeId, dedupeKey: `dispute_closed:${disputeId}`, facts: { amountSats: d?.amountSats ?? null, status: outcome }, audience: { holderUserId: userId } });
	});
	events.on('DisputeTaken', async ({ disputeId, holderUserId, displacedUserId }) => {
		if (displacedUserId === null || displacedUserId === holderUserId) return;
		await notifier.notify({ kind: 'displaced', disputeId, dedupeKey: `displaced:${disputeId}:${notifier.now()}`, audience: { displacedUserId } });
	});
	events.on('ChatMessageStored', async ({ disputeId, party, direction }) => {
		if (direction !== 'in') return;
		const d = await getDispute(db, disputeId);
		if (!d?.holderUserId) return;
		const window = Math.floor(notifier.now() / REPLY_WINDOW_MS);
		await notifier.notify({ kind: 'party_replied', disputeId, dedupeKey: `party_replied:${disputeId}:${party}:${window}`, audience: { holderUserId: d.holderUserId } });
	});
	events.on('HandoverChanged', async ({ disputeId, handoverId, state, toUserId }) => {
		if (state !== 'offered') return;
		const d = await getDispute(db, disputeId);
		await notifier.notify({ kind: 'handed_to_you', disputeId, dedupeKey: `handed_to_you:${handoverId}`, facts: { amountSats: d?.amountSats ?? null }, audience: { handedToUserId: toUserId } });
	});
	events.on('DecisionProposed', async ({ disputeId, decisionId }) => {
		const decision = await getDecision(db, decisionId, disputeId);
		if (decision?.state !== 'proposed') return;
		await notifier.notify({ kind: 'proposal_review', disputeId, dedupeKey: `proposal_review:${decisionId}`, facts: { amountSats: decision.amountSats }, audience: { proposedBy: decision.proposedBy } });
	});
	// A notice held back (quiet hours, a retry) must not arrive after the proposal it announces is gone.
	events.on('DecisionWithdrawn', async ({ decisionId }) => {
		await dropUnsentNotifications(db, `proposal_review:${decisionId}`, 'proposal withdrawn');
	});
	events.on('DecisionReviewed', async ({ decisionId }) => {
		await dropUnsentNotifications(db, `proposal_review:${decisionId}`, 'proposal reviewed');
	});
}
