// The board's search on PostgreSQL reads the disputes through their indexes (bench/README.md,
// board-scale on PostgreSQL): with the note sub-query inside an OR of the id, order and pubkey
// tests, PostgreSQL scanned every dispute (~30 ms at 100,000). Checked on the plan PostgreSQL
// chooses for the queries the board really sends, never on a time.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Kysely, PostgresDialect, sql, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Database } from '../../../../src/lib/server/db/schema.ts';
import { listBoard, parseBoardQuery } from '../../../../src/lib/server/cases/board-query.ts';
import { openPostgres } from '../../../../src/lib/server/db/postgres.ts';
import { readMigrationSetFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import { createPostgresDatabase, testPostgresUrl } from '../../../helpers/test-db.ts';

const DISPUTES = 20_000;

interface PlanNode {
	'Node Type': string;
	'Relation Name'?: string;
	Plans?: PlanNode[];
}

function sequentialScans(node: PlanNode): string[] {
	const own = node['Node Type'] === 'Seq Scan' && node['Relation Name'] ? [node['Relation Name']] : [];
	return [...own, ...(node.Plans ?? []).flatMap(sequentialScans)];
}

describe('board search on PostgreSQL', () => {
	it('finds a dispute by order id, id prefix or pubkey without scanning every dispute', async () => {
		const server = testPostgresUrl();
		if (!server) throw new Error('MEDIATOR_DATABASE_URL is not set: run these tests with npm run test:pg');
		const url = await createPostgresDatabase(server);
		const database = await openPostgres(url, readMigrationSetFromDisk().postgres, { max: 2 });
		const pool = new pg.Pool({ connectionString: url, max: 1 });
		const sent: CompiledQuery[] = [];
		const spy = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: (event) => void (event.level === 'query' && sent.push(event.query)) });
		try {
			const orderIds: string[] = [];
			const rows = Array.from({ length: DISPUTES }, (_, i) => {
				const orderId = randomUUID();
				orderIds.push(orderId);
				const opened = 1_700_000_000 + i * 60;
				return {
					id: randomUUID(),
					status: i % 3 ? 'settled' : 'in-progress',
					initiator: 'buyer',
					opened_at: opened,
					first_seen_at: opened * 1000,
					revision_at: opened,
					revision_event_id: `e${i}`,
					order_id: orderId,
					buyer_pubkey: i === 7 ? 'ab'.repeat(32) : null,
					updated_at: 1
				};
			});
			for (let i = 0; i < rows.length; i += 1000)
				await database.db
					.insertInto('disputes')
					.values(rows.slice(i, i + 1000))
					.execute();
			await sql`ANALYZE`.execute(database.db);

			for (const q of [orderIds[1234]!, rows[42]!.id.slice(0, 8), 'ab'.repeat(32)]) {
				sent.length = 0;
				const board = await listBoard(spy, parseBoardQuery(new URLSearchParams({ q })), 1);
				expect(board.rows.length).toBeGreaterThan(0);
				expect(sent.length).toBeGreaterThan(0);
				for (const query of sent) {
					const explained = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.parameters]);
					const plan = explained.rows[0]!['QUERY PLAN'][0]!.Plan;
					expect(sequentialScans(plan), `${q}: ${query.sql}`).not.toContain('disputes');
				}
			}
		} finally {
			await spy.destroy();
			await database.close();
		}
	});
});
