// Reconciliation (ARCHITECTURE "Reliability rules"): a journal row left without an answer
// (time-out, or a restart between publish and reply) is settled from the public events
// once they prove the outcome — a take by the dispute turning in-progress after the row
// was written. Never invents an outcome the events do not show.
import type { MostroServices } from './services.ts';
import { appendAudit } from '../audit/log.ts';
import { OPEN_STATES, settleJournalEntry } from './action-journal.ts';

/** Outcome a public dispute status proves for an open action, or null. */
export function provenOutcome(action: string, status: string): string | null {
	if (action === 'admin-take-dispute' && status === 'in-progress') return 'in-progress';
	return null;
}

export async function reconcileOpenActions(services: MostroServices, disputeId: string | null): Promise<number> {
	const { db } = services;
	let query = db
		.selectFrom('action_journal')
		.innerJoin('disputes', 'disputes.id', 'action_journal.dispute_id')
		.select(['action_journal.request_id', 'action_journal.action', 'action_journal.dispute_id', 'action_journal.actor_user_id', 'action_journal.created_at', 'disputes.status', 'disputes.revision_at'])
		.where('action_journal.state', 'in', OPEN_STATES);
	if (disputeId) query = query.where('action_journal.dispute_id', '=', disputeId);
	let settled = 0;
	for (const row of await query.execute()) {
		// A request still waiting for its answer is settled by that answer, not by the events.
		if (services.messenger.isWaiting(row.request_id)) continue;
		const proven = provenOutcome(row.action, row.status);
		// The revision must come after the request (seconds vs milliseconds; 1 s of slack).
		if (!proven || row.revision_at * 1000 < row.created_at - 1000) continue;
		await db.transaction().execute(async (tx) => {
			if (!(await settleJournalEntry(tx, row.request_id, 'reconciled', `dispute ${proven}`, Date.now()))) return;
			if (row.action === 'admin-take-dispute' && row.dispute_id) {
				await tx.updateTable('disputes').set({ holder_user_id: row.actor_user_id, updated_at: Date.now() }).where('id', '=', row.dispute_id).execute();
			}
			await appendAudit(tx, { userId: row.actor_user_id, label: 'system' }, {
				action: `${row.action}.reconciled`,
				subject: row.dispute_id ? `dispute:${row.dispute_id}` : null,
				details: { requestId: row.request_id, proven }
			});
			settled += 1;
		});
	}
	if (settled > 0 && disputeId) services.live.publish('dispute', { id: disputeId, reconciled: true, isNew: false });
	return settled;
}
