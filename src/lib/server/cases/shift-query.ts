// "My shift" (issue 17): the open disputes that need one mediator, in one query: those they
// hold, and those waiting on them (a party wrote since their last message, a colleague's
// proposal they may review, a hand-over to them, and for operators a hand-over only the node's
// key can carry out), the most pressing first in that order, then the rest they hold; within
// each the nearest escrow
// deadline, then the oldest. Reads only; the chat and hand-over facts come as the owning
// modules' sub-queries. Instants are epoch ms (case-types.ts).
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { msOf, msOrNull } from './case-types.ts';
import { disputeIdsHandedTo, disputeIdsNeedingOperator } from '../case-notes/handovers.ts';
import { disputeIdsAwaitingReviewBy } from './review-queue.ts';
import { disputeIdsRepliedSinceMine } from '../mostro/dispute-chat/chat-repository.ts';

/** Why a dispute is on the shift, most pressing first. */
export const SHIFT_REASONS = ['replied', 'review', 'handed', 'operator', 'held'] as const;
export type ShiftReason = (typeof SHIFT_REASONS)[number];

export interface ShiftRow {
	id: string;
	status: string;
	holderUserId: number | null;
	holderName: string | null;
	openedAt: number;
	escrowDeadline: number | null;
	/** The most pressing reason (the sort key). */
	reason: ShiftReason;
	/** Every reason that applies, most pressing first. */
	reasons: ShiftReason[];
}

/** The cap on rows (a shift is read whole, not paged). */
export const SHIFT_LIMIT = 200;

/** `mayReview`: the viewer may review proposals; `operatorRoute`: the viewer is who carries out operator-route hand-overs. */
export async function listShift(db: Db, userId: number, options: { mayReview: boolean; operatorRoute?: boolean }): Promise<ShiftRow[]> {
	const rows = await db
		.selectFrom('disputes')
		.leftJoin('users', 'users.id', 'disputes.holder_user_id')
		.select((eb) => [
			'disputes.id',
			'disputes.status',
			'disputes.holder_user_id',
			'users.name as holder_name',
			'disputes.opened_at',
			'disputes.escrow_deadline',
			eb
				.case()
				.when(eb.and([eb('disputes.status', '=', 'in-progress'), eb('disputes.holder_user_id', '=', userId)]))
				.then(1)
				.else(0)
				.end()
				.as('held'),
			eb.case().when('disputes.id', 'in', disputeIdsHandedTo(db, userId)).then(1).else(0).end().as('handed'),
			eb
				.case()
				.when(eb.and([eb('disputes.status', '=', 'in-progress'), eb('disputes.holder_user_id', '=', userId), eb('disputes.id', 'in', disputeIdsRepliedSinceMine(db, userId))]))
				.then(1)
				.else(0)
				.end()
				.as('replied'),
			options.operatorRoute ? eb.case().when('disputes.id', 'in', disputeIdsNeedingOperator(db)).then(1).else(0).end().as('operator') : sql<number>`0`.as('operator'),
			// The same rule as the board's "Needs my review" bucket (review-queue.ts).
			options.mayReview ? eb.case().when('disputes.id', 'in', disputeIdsAwaitingReviewBy(db, userId)).then(1).else(0).end().as('review') : sql<number>`0`.as('review')
		])
		.where('disputes.status', 'in', ['initiated', 'in-progress'])
		.where((eb) => {
			const waiting = [eb.and([eb('disputes.status', '=', 'in-progress'), eb('disputes.holder_user_id', '=', userId)]), eb('disputes.id', 'in', disputeIdsHandedTo(db, userId))];
			if (options.operatorRoute) waiting.push(eb('disputes.id', 'in', disputeIdsNeedingOperator(db)));
			if (options.mayReview) waiting.push(eb('disputes.id', 'in', disputeIdsAwaitingReviewBy(db, userId)));
			return eb.or(waiting);
		})
		.orderBy('disputes.opened_at')
		.orderBy('disputes.id')
		.limit(SHIFT_LIMIT)
		.execute();
	const shift = rows.map((row) => {
		const reasons = SHIFT_REASONS.filter((reason) => Number(row[reason]) === 1);
		return {
			id: row.id,
			status: row.status,
			holderUserId: row.holder_user_id,
			holderName: row.holder_name,
			openedAt: msOf(row.opened_at),
			escrowDeadline: msOrNull(row.escrow_deadline),
			reason: reasons[0] ?? 'held',
			reasons: reasons.length > 0 ? reasons : ['held' as const]
		};
	});
	const rank = (reason: ShiftReason) => SHIFT_REASONS.indexOf(reason);
	// Stable: the query's oldest-first order stays within equal reason and deadline.
	return shift.sort((a, b) => rank(a.reason) - rank(b.reason) || (a.escrowDeadline ?? Infinity) - (b.escrowDeadline ?? Infinity));
}
