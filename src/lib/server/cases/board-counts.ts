// The board's bucket counts for one viewer (PRODUCT.md capability 1): the trigger-kept counts
// of board-query.ts and, for a role that may approve proposals, the "Needs my review" count
// of review-queue.ts. Reads only.
import type { Db } from '../db/index.ts';
import type { Role } from '../../access/roles-table.ts';
import { can } from '../auth/access.ts';
import { countBuckets, type BoardCounts } from './board-query.ts';
import { countAwaitingReview } from './review-queue.ts';

export async function countBoardBuckets(db: Db, viewer: { id: number; role: Role }): Promise<BoardCounts> {
	const mayReview = can(viewer.role, 'mediate');
	const [counts, review] = await Promise.all([countBuckets(db, viewer.id), countAwaitingReview(db, { userId: viewer.id, mayReview })]);
	return mayReview ? { ...counts, review } : counts;
}
