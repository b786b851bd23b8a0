// The review queue (PRODUCT.md capability 6, issue 17 "four-eyes that a team can actually
// run"): the open disputes whose pending four-eyes proposal the viewer may approve — not
// their own, proposed by the mediator who still holds the dispute (an approval executes with
// that holder's key, decision-rules.ts `judgeApproval`), and only for a role that mediates.
// Reads only; the board's "Needs my review" bucket and the navigation's count both use it.
import type { Db } from '../db/index.ts';

const OPEN = ['initiated', 'in-progress'];

/** Ids of the disputes waiting for `userId`'s review, as a sub-query (the board filters with it). */
export function disputeIdsAwaitingReviewBy(db: Db, userId: number) {
	return db
		.selectFrom('decisions')
		.innerJoin('disputes as reviewed', 'reviewed.id', 'decisions.dispute_id')
		.select('decisions.dispute_id')
		.where('decisions.state', '=', 'proposed')
		.where('decisions.proposed_by', '!=', userId)
		.whereRef('reviewed.holder_user_id', '=', 'decisions.proposed_by')
		.where('reviewed.status', 'in', OPEN);
}

/** How many disputes wait for this viewer's review; 0 for a role that may not approve. */
export async function countAwaitingReview(db: Db, viewer: { userId: number; mayReview: boolean }): Promise<number> {
	if (!viewer.mayReview) return 0;
	const rows = await disputeIdsAwaitingReviewBy(db, viewer.userId).execute();
	return new Set(rows.map((row) => row.dispute_id)).size;
}
