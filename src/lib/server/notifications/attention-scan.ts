// The periodic look at what waits for someone (issue 19): a new dispute nobody took after N
// minutes is announced again, after M minutes escalated to operators; a held dispute's escrow
// under 6 hours, then under 1 hour, tells its holder; a party whose newest message has waited
// longer than K minutes for an answer reminds the holder. Each reason is sent once (dedupe
// keys). Runs on the injected scheduler with the notifier's clock; reads, never writes cases.
import type { Db } from '../db/index.ts';
import { listHeldDisputes, listWatchedDisputes } from '../cases/dispute-store.ts';
import { getOrder } from '../cases/order-store.ts';
import { listUnansweredPartyMessages } from '../mostro/dispute-chat/chat-repository.ts';
import { getNotificationTimings } from './notification-timings.ts';
import type { Notifier } from './notifier.ts';

/** Disputes opened longer ago than this are not announced (a first start with an old backlog). */
export const ANNOUNCE_WINDOW_MS = 24 * 3_600_000;
const HOUR_MS = 3_600_000;

export async function scanForAttention(db: Db, notifier: Notifier): Promise<void> {
	const now = notifier.now();
	const timings = await getNotificationTimings(db);
	const { untaken, heldWithDeadline } = await listWatchedDisputes(db, now - ANNOUNCE_WINDOW_MS);
	for (const d of untaken) {
		const ageMin = (now - d.openedAt) / 60_000;
		const facts = { amountSats: d.amountSats ?? (await getOrder(db, d.orderId))?.amountSats ?? null, status: d.status };
		if (ageMin < timings.renotifyAfterMin) await notifier.notify({ kind: 'dispute_new', disputeId: d.id, dedupeKey: `dispute_new:${d.id}`, facts });
		else if (ageMin < timings.escalateAfterMin) await notifier.notify({ kind: 'dispute_unattended', disputeId: d.id, dedupeKey: `dispute_unattended:${d.id}`, facts: { ...facts, minutes: timings.renotifyAfterMin } });
		else await notifier.notify({ kind: 'dispute_escalated', disputeId: d.id, dedupeKey: `dispute_escalated:${d.id}`, facts: { ...facts, minutes: timings.escalateAfterMin } });
	}
	for (const d of heldWithDeadline) {
		const left = (d.escrowDeadline ?? 0) - now;
		if (left <= 0 || left >= 6 * HOUR_MS) continue;
		const kind = left < HOUR_MS ? 'escrow_1h' : 'escrow_6h';
		await notifier.notify({ kind, disputeId: d.id, dedupeKey: `${kind}:${d.id}`, facts: { amountSats: d.amountSats }, audience: { holderUserId: d.holderUserId } });
	}
	const held = await listHeldDisputes(db);
	const holderOf = new Map(held.map((d) => [d.id, d.holderUserId]));
	for (const waiting of await listUnansweredPartyMessages(db, [...holderOf.keys()])) {
		if (now - waiting.receivedAt < timings.partyWaitingAfterMin * 60_000) continue;
		await notifier.notify({
			kind: 'party_waiting',
			disputeId: waiting.disputeId,
			dedupeKey: `party_waiting:${waiting.disputeId}:${waiting.party}:${waiting.innerId}`,
			facts: { minutes: Math.floor((now - waiting.receivedAt) / 60_000) },
			audience: { holderUserId: holderOf.get(waiting.disputeId) ?? null }
		});
	}
}
