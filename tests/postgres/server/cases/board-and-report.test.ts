// The board and report queries (the raw SQL fragments in cases/: COUNT(*), EXISTS, IS NULL
// ordering, min(case …)) give the same answers on PostgreSQL as on SQLite for the same rows.
import { describe, expect, it } from 'vitest';
import { countBuckets, listBoard, parseBoardQuery } from '../../../../src/lib/server/cases/board-query.ts';
import { listReportDisputes } from '../../../../src/lib/server/cases/report-rows.ts';
import type { Db } from '../../../../src/lib/server/db/index.ts';
import { openIntegrationDatabase, openTestDatabase, testPostgresUrl } from '../../../helpers/test-db.ts';

async function seed(db: Db): Promise<void> {
	const statuses = ['initiated', 'in-progress', 'settled', 'in-progress', 'seller-refunded', 'initiated'];
	await db.insertInto('users').values({ id: 1, name: 'olga', role: 'operator', password_hash: 'x', created_at: 1, updated_at: 1 }).execute();
	for (let i = 0; i < 12; i++) {
		const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
		const opened = 1_700_000_000 + i * 600;
		await db
			.insertInto('disputes')
			.values({
				id,
				status: statuses[i % statuses.length]!,
				initiator: i % 2 ? 'buyer' : 'seller',
				opened_at: opened,
				first_seen_at: opened * 1000,
				revision_at: opened,
				revision_event_id: `e${i}`,
				holder_user_id: i % 4 === 1 ? 1 : null,
				escrow_deadline: i % 3 ? opened + 3600 : null,
				updated_at: 1
			})
			.execute();
		await db
			.insertInto('dispute_revisions')
			.values({ event_id: `e${i}`, dispute_id: id, status: 'initiated', revision_at: opened, kind: 38386, raw: '{}', relay: 'r', received_at: 1 })
			.execute();
		if (i % 3 === 1)
			await db
				.insertInto('dispute_revisions')
				.values({ event_id: `t${i}`, dispute_id: id, status: 'in-progress', revision_at: opened + 60, kind: 38386, raw: '{}', relay: 'r', received_at: 1 })
				.execute();
		if (i % 5 === 0) {
			await db
				.insertInto('decisions')
				.values({ dispute_id: id, order_id: 'o', outcome: 'settle', slash_buyer: 0, slash_seller: 0, reason_code: 'x', justification: 'y', amount_sats: 1, state: 'proposed', proposed_by: 1, proposed_at: 1, updated_at: 1 })
				.execute();
		}
	}
}

async function answers(db: Db) {
	const board = [];
	const queries: Array<Record<string, string>> = [
		{},
		{ bucket: 'new' },
		{ bucket: 'mine' },
		{ bucket: 'closed' },
		{ sort: 'urgency' },
		{ sort: 'oldest', initiator: 'buyer' },
		{ q: '00000000-0000-4000-8000-000000000003' },
		{ q: '00000000-0000-4000', bucket: 'new' }
	];
	for (const params of queries) {
		board.push(await listBoard(db, parseBoardQuery(new URLSearchParams(params)), 1));
	}
	return { counts: await countBuckets(db, 1), board, report: await listReportDisputes(db, 1_700_000_000, 1_800_000_000) };
}

describe('board and report queries on PostgreSQL', () => {
	it('answer exactly as on SQLite', async () => {
		if (!testPostgresUrl()) throw new Error('MEDIATOR_DATABASE_URL is not set: run these tests with npm run test:pg');
		const sqlite = openTestDatabase();
		const postgres = await openIntegrationDatabase();
		try {
			await seed(sqlite.db);
			await seed(postgres.db);
			const expected = await answers(sqlite.db);
			expect(expected.board[0]?.rows.length).toBe(12);
			expect(await answers(postgres.db)).toEqual(expected);
		} finally {
			await sqlite.close();
			await postgres.close();
		}
	});
});
