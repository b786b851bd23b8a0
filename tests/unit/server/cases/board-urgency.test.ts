// "Most urgent first" on the board (board-query.ts): open disputes before closed ones — New,
// then in progress by escrow deadline, then age — and closed ones last.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { listBoard, parseBoardQuery } from '../../../../src/lib/server/cases/board-query.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';

let database: OpenDatabase;

/** id, status, opened_at (s), escrow_deadline (s) or null. */
const TABLE: Array<[string, string, number, number | null]> = [
	['closed-old', 'settled', 100, 500],
	['closed-new', 'seller-refunded', 900, null],
	['closed-coop', 'cooperatively-canceled', 800, 200],
	['progress-late', 'in-progress', 150, 9_000],
	['progress-soon', 'in-progress', 700, 1_000],
	['progress-none-old', 'in-progress', 120, null],
	['progress-none-young', 'in-progress', 600, null],
	['new-young', 'initiated', 650, null],
	['new-old', 'initiated', 300, null],
	['new-deadline', 'initiated', 640, 5_000]
];

beforeEach(async () => {
	database = openTestDatabase();
	for (const [id, status, opened, deadline] of TABLE) {
		await database.db.insertInto('disputes').values({ id, status, initiator: 'buyer', opened_at: opened, first_seen_at: 1, revision_at: 1, revision_event_id: id, escrow_deadline: deadline, updated_at: 1 }).execute();
	}
});
afterEach(() => database.close());

describe('most urgent first', () => {
	it('puts New first, then in progress by escrow deadline and age, closed last', async () => {
		const { rows } = await listBoard(database.db, parseBoardQuery(new URLSearchParams({ sort: 'urgency' })), 0);
		expect(rows.map((r) => r.id)).toEqual(['new-deadline', 'new-old', 'new-young', 'progress-soon', 'progress-late', 'progress-none-old', 'progress-none-young', 'closed-new', 'closed-coop', 'closed-old']);
	});

	it('never ranks a closed dispute above twenty New ones', async () => {
		for (let i = 0; i < 20; i++) {
			const id = `new-${String(i).padStart(2, '0')}`;
			await database.db
				.insertInto('disputes')
				.values({ id, status: 'initiated', initiator: 'seller', opened_at: 1000 + i, first_seen_at: 1, revision_at: 1, revision_event_id: id, updated_at: 1 })
				.execute();
		}
		const { rows } = await listBoard(database.db, parseBoardQuery(new URLSearchParams({ sort: 'urgency' })), 0);
		const firstClosed = rows.findIndex((r) => r.outcome !== 'open');
		expect(rows.slice(0, 23).every((r) => r.status === 'initiated')).toBe(true);
		expect(firstClosed).toBe(27);
	});
});
