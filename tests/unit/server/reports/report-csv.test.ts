import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { csvCell, exportReportCsv } from '../../../../src/lib/server/reports/report-csv.ts';
import { parseReportPeriod } from '../../../../src/lib/server/reports/report-period.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { NOW_MS, seedReport, type Seeded } from './report-fixture.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
let seeded: Seeded;
const period = parseReportPeriod(new URLSearchParams('from=2025-02-01&to=2025-03-31'), NOW_MS);
const actor = personActor({ id: 1, name: 'olga', role: 'operator' });

beforeEach(async () => {
	database = openTestDatabase();
	seeded = await seedReport(database.db);
});
afterEach(() => database.close());

describe('report CSV', () => {
	it('has one header row and aggregate rows only', async () => {
		const { csv, fileName } = await exportReportCsv(database, actor, null, { period, now: NOW_MS });
		const lines = csv.trimEnd().split('\r\n');
		expect(lines[0]).toBe('section,item,metric,value');
		expect(lines).toContain('totals,,opened,9');
		expect(lines).toContain('outcomes,paid_buyer,decided_in_console,2');
		expect(lines).toContain('daily,2025-03-01,opened,2');
		expect(lines).toContain('mediator,alice,taken,3');
		expect(lines.every((line) => line.split(',').length === 4)).toBe(true);
		expect(fileName).toBe('mostro-report-2025-02-01-to-2025-03-31.csv');
	});

	it('contains no dispute id, order id, event id or pubkey', async () => {
		const { csv } = await exportReportCsv(database, actor, null, { period, now: NOW_MS });
		expect(seeded.secrets.length).toBeGreaterThan(30);
		for (const secret of seeded.secrets) expect(csv.toLowerCase()).not.toContain(secret.toLowerCase());
		expect(csv).not.toMatch(/[0-9a-f]{32,}/i);
		expect(csv).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/i);
	});

	it('records the export in the audit log with the period only', async () => {
		await exportReportCsv(database, actor, null, { period, now: NOW_MS });
		const rows = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'report.exported').execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]!.actor).toBe('olga');
		expect(JSON.parse(rows[0]!.details)).toMatchObject({ from: '2025-02-01', to: '2025-03-31' });
	});

	it('quotes cells and defuses spreadsheet formulas in names', () => {
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(csvCell(-5)).toBe('-5');
		expect(csvCell(null)).toBe('');
	});
});
