import { describe, expect, it } from 'vitest';
import { listDays, parseReportPeriod } from '../../../../src/lib/server/reports/report-period.ts';

const now = Date.parse('2025-03-15T12:34:56Z');
const parse = (query: string) => parseReportPeriod(new URLSearchParams(query), now);

describe('report period', () => {
	it('defaults to the last 30 UTC days including today', () => {
		const period = parse('');
		expect(period).toMatchObject({ from: '2025-02-14', to: '2025-03-15', days: 30 });
		expect(period.startSec).toBe(Date.parse('2025-02-14T00:00:00Z') / 1000);
		expect(period.endSec).toBe(Date.parse('2025-03-16T00:00:00Z') / 1000);
		expect(listDays(period)).toHaveLength(30);
	});

	it('reads from/to, swaps reversed ends and ignores malformed dates', () => {
		expect(parse('from=2025-01-01&to=2025-01-03')).toMatchObject({ from: '2025-01-01', to: '2025-01-03', days: 3 });
		expect(parse('from=2025-01-03&to=2025-01-01')).toMatchObject({ from: '2025-01-01', to: '2025-01-03' });
		expect(parse('from=2025-02-30&to=nonsense')).toMatchObject({ from: '2025-02-14', to: '2025-03-15' });
		expect(listDays(parse('from=2025-01-30&to=2025-02-02'))).toEqual(['2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']);
	});

	it('caps a period at 366 days, keeping its end', () => {
		expect(parse('from=2000-01-01&to=2025-03-15')).toMatchObject({ to: '2025-03-15', days: 366 });
	});
});
