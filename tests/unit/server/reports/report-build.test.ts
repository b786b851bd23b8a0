import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { getReport } from '../../../../src/lib/server/reports/report-build.ts';
import { parseReportPeriod } from '../../../../src/lib/server/reports/report-period.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { NOW_MS, seedReport } from './report-fixture.ts';

let database: OpenDatabase;
const period = parseReportPeriod(new URLSearchParams('from=2025-03-01&to=2025-03-03'), NOW_MS);

beforeEach(async () => {
	database = openTestDatabase();
	await seedReport(database.db);
});
afterEach(() => database.close());

describe('report over a seeded period', () => {
	it('counts opened, taken and resolved by opened_at in the period', async () => {
		const report = await getReport(database.db, period, NOW_MS);
		expect(report.period).toEqual({ from: '2025-03-01', to: '2025-03-03', days: 3 });
		expect(report.totals).toEqual({ opened: 7, taken: 4, resolved: 4, open: 3 });
		expect(report.daily).toEqual([
			{ day: '2025-03-01', opened: 2, taken: 2, resolved: 2 },
			{ day: '2025-03-02', opened: 2, taken: 1, resolved: 2 },
			{ day: '2025-03-03', opened: 3, taken: 1, resolved: 0 }
		]);
	});

	it('summarises time to take and to resolve by nearest rank', async () => {
		const report = await getReport(database.db, period, NOW_MS);
		expect(report.timeToTake).toEqual({ count: 4, median: 1_800, p90: 7_200 });
		expect(report.timeToResolve).toEqual({ count: 4, median: 10_800, p90: 108_000 });
		expect(Object.fromEntries(report.resolveHistogram.map((b) => [b.key, b.count]))).toEqual({ lt_1h: 0, h1_6: 2, h6_24: 1, d1_3: 1, d3_7: 0, gte_7d: 0 });
	});

	it('splits outcomes by status and attributes console decisions from the journal', async () => {
		const report = await getReport(database.db, period, NOW_MS);
		expect(report.outcomes).toEqual({ paidBuyerConsole: 1, paidBuyerOutside: 1, refundedSellerConsole: 1, refundedSellerOutside: 0, closedByParties: 1, other: 0 });
		expect(report.bondSlashes).toEqual({ seller: 1, buyer: 0 });
	});

	it('gives each mediator their load and outcomes; refused takes count for nobody', async () => {
		const report = await getReport(database.db, period, NOW_MS);
		expect(report.mediators).toEqual([
			{ name: 'alice', taken: 2, heldOpen: 1, settled: 1, canceled: 0, approved: 0, resolveMedian: 7_200 },
			{ name: 'bob', taken: 2, heldOpen: 0, settled: 0, canceled: 1, approved: 0, resolveMedian: 36_000 }
		]);
	});

	it('measures the share that reached less than 6 hours of escrow', async () => {
		const report = await getReport(database.db, period, NOW_MS);
		expect(report.escrow).toEqual({ known: 3, underSixHours: 2, share: 2 / 3 });
	});

	it('reports an empty period with nulls, not zeros, for times and the escrow share', async () => {
		const empty = parseReportPeriod(new URLSearchParams('from=2024-01-01&to=2024-01-02'), NOW_MS);
		const report = await getReport(database.db, empty, NOW_MS);
		expect(report.totals).toEqual({ opened: 0, taken: 0, resolved: 0, open: 0 });
		expect(report.timeToResolve).toEqual({ count: 0, median: null, p90: null });
		expect(report.escrow).toEqual({ known: 0, underSixHours: 0, share: null });
		expect(report.mediators).toEqual([]);
		expect(report.daily).toHaveLength(2);
	});

	it('tolerates malformed journal details (no slash counted)', async () => {
		await database.db.updateTable('action_journal').set({ details: 'not json' }).where('action', '=', 'admin-settle').execute();
		const report = await getReport(database.db, period, NOW_MS);
		expect(report.bondSlashes).toEqual({ seller: 0, buyer: 0 });
		expect(report.outcomes.paidBuyerConsole).toBe(1);
	});
});
