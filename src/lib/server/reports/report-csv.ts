// The report as CSV (PRODUCT.md capability 10: "exportable without trade ids or
// pubkeys"): aggregate rows only, in a long format `section,item,metric,value` with one
// header row — per-day counts, totals and durations, outcome counts, bond slashes, the
// escrow share, the amounts in sats (case-money.ts) and one block per mediator (by console user name). Never writes a dispute
// id, order id or pubkey: the Report it reads does not carry them. Records the export in
// the audit log as `report.exported`.
import type { Db } from '../db/index.ts';
import { recordAudit } from '../audit/log.ts';
import { getReport, type Report } from './report-build.ts';
import type { ReportPeriod } from './report-period.ts';
import type { Actor } from '../auth/actor.ts';

export const CSV_HEADER = ['section', 'item', 'metric', 'value'] as const;

type Cell = string | number | null;

/** Quotes a cell when needed and defuses spreadsheet formulas (a leading = + - @ tab or CR). */
export function csvCell(value: Cell): string {
	if (value === null) return '';
	let text = String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function buildReportRows(report: Report): Cell[][] {
	const rows: Cell[][] = [];
	const add = (section: string, item: string, metric: string, value: Cell) => rows.push([section, item, metric, value]);
	add('period', '', 'from', report.period.from);
	add('period', '', 'to', report.period.to);
	add('period', '', 'days', report.period.days);
	for (const [metric, value] of Object.entries(report.totals)) add('totals', '', metric, value);
	for (const [item, summary] of [
		['time_to_take', report.timeToTake],
		['time_to_resolve', report.timeToResolve]
	] as const) {
		add('durations', item, 'count', summary.count);
		add('durations', item, 'median_seconds', summary.median);
		add('durations', item, 'p90_seconds', summary.p90);
	}
	const o = report.outcomes;
	add('outcomes', 'paid_buyer', 'decided_in_console', o.paidBuyerConsole);
	add('outcomes', 'paid_buyer', 'decided_outside', o.paidBuyerOutside);
	add('outcomes', 'refunded_seller', 'decided_in_console', o.refundedSellerConsole);
	add('outcomes', 'refunded_seller', 'decided_outside', o.refundedSellerOutside);
	add('outcomes', 'closed_by_parties', 'count', o.closedByParties);
	add('outcomes', 'other', 'count', o.other);
	add('bond_slashes', 'seller', 'count', report.bondSlashes.seller);
	add('bond_slashes', 'buyer', 'count', report.bondSlashes.buyer);
	add('escrow', 'deadline_known', 'count', report.escrow.known);
	add('escrow', 'under_6h_left', 'count', report.escrow.underSixHours);
	add('escrow', 'under_6h_left', 'share', report.escrow.share === null ? null : Number(report.escrow.share.toFixed(4)));
	add('amounts', 'held_open', 'sats', report.amounts.heldOpenSats);
	add('amounts', 'paid_buyer', 'sats', report.amounts.paidBuyerSats);
	add('amounts', 'refunded_seller', 'sats', report.amounts.refundedSellerSats);
	add('amounts', 'without_amount', 'count', report.amounts.withoutAmount);
	for (const bucket of report.resolveHistogram) add('time_to_resolve_histogram', bucket.key, 'count', bucket.count);
	for (const day of report.daily) {
		add('daily', day.day, 'opened', day.opened);
		add('daily', day.day, 'taken', day.taken);
		add('daily', day.day, 'resolved', day.resolved);
	}
	for (const m of report.mediators) {
		add('mediator', m.name, 'taken', m.taken);
		add('mediator', m.name, 'held_open', m.heldOpen);
		add('mediator', m.name, 'settled', m.settled);
		add('mediator', m.name, 'canceled', m.canceled);
		add('mediator', m.name, 'approved', m.approved);
		add('mediator', m.name, 'resolve_median_seconds', m.resolveMedian);
	}
	return rows;
}

function formatRows(rows: readonly Cell[][]): string {
	return [CSV_HEADER as readonly Cell[], ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function formatReportCsv(report: Report): string {
	return formatRows(buildReportRows(report));
}

export function reportFileName(period: ReportPeriod): string {
	return `mostro-report-${period.from}-to-${period.to}.csv`;
}

/** Builds the CSV for a period and records `report.exported` (period and row count, nothing else). */
export async function exportReportCsv({ db }: { db: Db }, actor: Actor, _subjectId: null, { period, now: nowMs }: { period: ReportPeriod; now: number }): Promise<{ csv: string; fileName: string }> {
	const report = await getReport(db, period, nowMs);
	const rows = buildReportRows(report);
	await recordAudit(db, actor, { action: 'report.exported', subject: null, details: { from: period.from, to: period.to, rows: rows.length }, at: nowMs });
	return { csv: formatRows(rows), fileName: reportFileName(period) };
}
