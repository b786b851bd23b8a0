// The node's unsolicited "the parties closed your dispute" notice (UPSTREAM-0.19.md §6, #945):
// a v0.19 node tells the holder when the seller released or the parties cancelled
// cooperatively. Records a notice for the holder and the audit entry in one transaction whose
// events (PartiesClosed, NoticeForUser) tell the browser and reconcile the case from the
// public revisions once it commits. Never settles a pending
// request and never changes the dispute's status itself (that comes from the 38386 revision).
import { getDispute } from '../../cases/dispute-store.ts';
import type { Db } from '../../db/index.ts';
import type { DomainEventBus } from '../../domain-events/bus.ts';
import { inTransaction } from '../../domain-events/in-transaction.ts';
import { appendAudit } from '../../audit/log.ts';
import { log } from '../../log.ts';
import { readPartiesClosedNotice } from '../../../protocol/actions/parties-closed-notice.ts';
import type { Message } from '../../../protocol/message.ts';
import { systemActor } from '../../auth/actor.ts';

export const PARTIES_CLOSED_NOTICE = 'dispute_closed_by_parties';

export interface PartiesClosedApplied {
	disputeId: string;
	userId: number;
	outcome: 'released' | 'cooperatively-canceled';
}

/** Applies the notice sent to `recipient` (a solver key of this console); null when it is not one or was already recorded. */
export async function applyPartiesClosedNotice(db: Db, events: DomainEventBus, message: Message, recipient: string, now = Date.now()): Promise<PartiesClosedApplied | null> {
	const notice = readPartiesClosedNotice(message);
	if (!notice) {
		log.info('unsolicited message from the node ignored', { action: String(message.kind.action) });
		return null;
	}
	return inTransaction(db, events, async (tx, emit) => {
		const solver = await tx.selectFrom('solver_keys').select('user_id').where('pubkey', '=', recipient).executeTakeFirst();
		const dispute = await getDispute(tx, notice.disputeId);
		if (!solver || !dispute) return null;
		const already = await tx.selectFrom('user_notices').select('id').where('user_id', '=', solver.user_id).where('dispute_id', '=', dispute.id).where('kind', '=', PARTIES_CLOSED_NOTICE).executeTakeFirst();
		if (already) return null;
		await tx
			.insertInto('user_notices')
			.values({ user_id: solver.user_id, kind: PARTIES_CLOSED_NOTICE, dispute_id: dispute.id, details: JSON.stringify({ outcome: notice.outcome }), created_at: now })
			.execute();
		await appendAudit(tx, systemActor('node'), {
			action: 'dispute.closed_by_parties',
			subject: `dispute:${dispute.id}`,
			details: { outcome: notice.outcome, orderId: notice.orderId, holderUserId: solver.user_id },
			at: now
		});
		emit({ type: 'PartiesClosed', disputeId: dispute.id, userId: solver.user_id, outcome: notice.outcome });
		emit({ type: 'NoticeForUser', userId: solver.user_id, disputeId: dispute.id });
		return { disputeId: dispute.id, userId: solver.user_id, outcome: notice.outcome };
	});
}
