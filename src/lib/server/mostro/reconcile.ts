// Reconciliation (ARCHITECTURE "Reliability rules"): a journal row left without an answer
// (time-out, or a restart between publish and reply) is settled from the public events
// once they prove the outcome — a take by the dispute turning in-progress after the row
// was written, a settle by `settled`, a cancel by `seller-refunded` (PROTOCOL.md §4.3, §4.4).
// A revision that closes a dispute also re-checks an escrow last seen held (escrow-after-close.ts).
// Never invents an outcome the events do not show.
import { getDispute, setHolder } from '../cases/dispute-store.ts';
import { settleHandovers } from '../case-notes/handovers.ts';
import { holderOfTake } from '../case-notes/operator-takeover.ts';
import { getOrderState } from '../cases/order-store.ts';
import type { MostroServices } from './services.ts';
import { appendAudit } from '../audit/log.ts';
import { OPEN_STATES, settleJournalEntry } from './action-journal.ts';
import { inTransaction } from '../domain-events/in-transaction.ts';
import { systemActor } from '../auth/actor.ts';

/** Outcome a public dispute status proves for an open action, or null. */
export function provenOutcome(action: string, status: string): string | null {
	if (action === 'admin-take-dispute' && status === 'in-progress') return 'in-progress';
	if (action === 'admin-settle' && status === 'settled') return 'settled';
	if (action === 'admin-cancel' && status === 'seller-refunded') return 'seller-refunded';
	return null;
}

/** Outcome a public order status (38383 bucket) proves for an open settle or cancel, or null. */
export function provenByOrder(action: string, status: string | null): string | null {
	if (action === 'admin-settle' && status === 'success') return 'order success';
	if (action === 'admin-cancel' && status === 'canceled') return 'order canceled';
	return null;
}

export async function reconcileOpenActions(services: MostroServices, disputeId: string | null): Promise<number> {
	const { db } = services;
	let query = db.selectFrom('action_journal').select(['request_id', 'action', 'dispute_id', 'order_id', 'actor_user_id', 'details', 'created_at']).where('state', 'in', OPEN_STATES).where('dispute_id', 'is not', null);
	if (disputeId) query = query.where('dispute_id', '=', disputeId);
	let settled = 0;
	for (const entry of await query.execute()) {
		const dispute = entry.dispute_id === null ? null : await getDispute(db, entry.dispute_id);
		if (!dispute) continue;
		const order = await getOrderState(db, entry.order_id);
		const row = { ...entry, status: dispute.status, revision_at: dispute.revisionAt, order_status: order?.status ?? null, order_revision_at: order?.revisionAt ?? null };
		// A request still waiting for its answer is settled by that answer, not by the events.
		if (services.messenger.isWaiting(row.request_id)) continue;
		// The revision (whole seconds, in ms) must come after the request; 1 s of slack.
		const after = (revisionAt: number | null) => revisionAt !== null && revisionAt >= row.created_at - 1000;
		const byDispute = after(row.revision_at) ? provenOutcome(row.action, row.status) : null;
		const proven = byDispute ? `dispute ${byDispute}` : after(row.order_revision_at) ? provenByOrder(row.action, row.order_status) : null;
		if (!proven) continue;
		await inTransaction(db, services.events, async (tx, emit) => {
			if (!(await settleJournalEntry(tx, row.request_id, 'reconciled', proven, Date.now()))) return;
			if (row.dispute_id) emit({ type: 'ActionsReconciled', disputeId: row.dispute_id });
			if (row.action === 'admin-take-dispute' && row.dispute_id) {
				const holder = holderOfTake(row);
				await setHolder(tx, row.dispute_id, holder, Date.now());
				await settleHandovers(tx, emit, systemActor('system', row.actor_user_id), row.dispute_id, holder, Date.now());
			}
			await appendAudit(tx, systemActor('system', row.actor_user_id), {
				action: `${row.action}.reconciled`,
				subject: row.dispute_id ? `dispute:${row.dispute_id}` : null,
				details: { requestId: row.request_id, proven }
			});
			settled += 1;
		});
	}
	return settled;
}

/**
 * After a restart, a row still `sent` that nothing is waiting for and that is older than the
 * reply time-out was cut off (the process died before or after publishing). It becomes
 * `no-answer`; a reply or a public event arriving later still settles it. Nothing is re-sent.
 */
export async function expireOrphanedRequests(services: MostroServices, timeoutMs: number, now = Date.now()): Promise<number> {
	const rows = await services.db
		.selectFrom('action_journal')
		.select(['request_id', 'action', 'dispute_id', 'actor_user_id'])
		.where('state', '=', 'sent')
		.where('created_at', '<', now - timeoutMs)
		.execute();
	let expired = 0;
	for (const row of rows) {
		if (services.messenger.isWaiting(row.request_id)) continue;
		await services.db.transaction().execute(async (tx) => {
			if (!(await settleJournalEntry(tx, row.request_id, 'no-answer', 'interrupted', now))) return;
			await appendAudit(tx, systemActor('system', row.actor_user_id), {
				action: `${row.action}.no_answer`,
				subject: row.dispute_id ? `dispute:${row.dispute_id}` : null,
				details: { requestId: row.request_id, reason: 'interrupted' },
				at: now
			});
			expired += 1;
		});
	}
	return expired;
}
