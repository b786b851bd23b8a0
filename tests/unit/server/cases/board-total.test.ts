// The board's total for a bucket alone comes from the trigger-kept counts instead of COUNT(*):
// for every bucket it equals the number of disputes the bucket lists.
import { describe, expect, it } from 'vitest';
import { listBoard, parseBoardQuery, type BoardBucket } from '../../../../src/lib/server/cases/board-query.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';

const BUCKETS: BoardBucket[] = ['all', 'new', 'in_progress', 'mine', 'colleagues', 'outside', 'closed', 'settled', 'seller-refunded', 'released', 'cooperatively-canceled', 'other'];

describe('board totals from the bucket counts', () => {
	it('match the rows each bucket lists', async () => {
		const { db } = openTestDatabase();
		for (const id of [1, 2])
			await db
				.insertInto('users')
				.values({ id, name: `u${id}`, role: 'mediator', password_hash: 'x', created_at: 1, updated_at: 1 })
				.execute();
		const statuses = ['initiated', 'in-progress', 'settled', 'seller-refunded', 'released', 'cooperatively-canceled', 'expired'];
		for (let i = 0; i < 40; i++) {
			await db
				.insertInto('disputes')
				.values({ id: `d${String(i).padStart(3, '0')}`, status: statuses[i % statuses.length]!, opened_at: i, first_seen_at: i, revision_at: i, revision_event_id: `e${i}`, holder_user_id: [null, 1, 2][i % 3] ?? null, updated_at: i })
				.execute();
		}
		for (const bucket of BUCKETS) {
			const { rows, total } = await listBoard(db, parseBoardQuery(new URLSearchParams({ bucket })), 1);
			expect(total, bucket).toBe(rows.length);
		}
		const filtered = await listBoard(db, parseBoardQuery(new URLSearchParams({ bucket: 'all', initiator: 'buyer' })), 1);
		expect(filtered.total).toBe(0);
	});
});
