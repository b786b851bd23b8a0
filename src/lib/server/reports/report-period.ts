// The period a report covers (PRODUCT.md capability 10): whole UTC days `from`..`to`
// inclusive, read from GET parameters, defaulting to the last 30 days including today.
// A dispute belongs to the period by its `opened_at`. Pure: the clock is a parameter.

export const DEFAULT_DAYS = 30;
/** Longest period one report covers, so the per-day chart and CSV stay bounded. */
export const MAX_DAYS = 366;
const DAY_SECONDS = 86_400;

export interface ReportPeriod {
	/** First day, `YYYY-MM-DD` (UTC). */
	from: string;
	/** Last day, `YYYY-MM-DD` (UTC), inclusive. */
	to: string;
	/** Unix seconds of `from` 00:00:00 UTC. */
	startSec: number;
	/** Unix seconds of the day after `to`, 00:00:00 UTC (exclusive end). */
	endSec: number;
	/** Number of days covered. */
	days: number;
}

function dayStart(value: string | null): number | null {
	if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const ms = Date.parse(`${value}T00:00:00Z`);
	if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return null;
	return ms / 1000;
}

export function dayOf(unixSeconds: number): string {
	return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

function periodOf(startSec: number, lastDaySec: number): ReportPeriod {
	return { from: dayOf(startSec), to: dayOf(lastDaySec), startSec, endSec: lastDaySec + DAY_SECONDS, days: (lastDaySec - startSec) / DAY_SECONDS + 1 };
}

/**
 * Reads `from` and `to` (`YYYY-MM-DD`). A missing or malformed end falls back to the
 * default (today, and 29 days before `to`); reversed ends are swapped; a period longer
 * than MAX_DAYS keeps `to` and moves `from` forward.
 */
export function parseReportPeriod(params: URLSearchParams, nowMs: number): ReportPeriod {
	const today = Math.floor(nowMs / 1000 / DAY_SECONDS) * DAY_SECONDS;
	let to = dayStart(params.get('to')) ?? today;
	let from = dayStart(params.get('from')) ?? to - (DEFAULT_DAYS - 1) * DAY_SECONDS;
	if (from > to) [from, to] = [to, from];
	if ((to - from) / DAY_SECONDS + 1 > MAX_DAYS) from = to - (MAX_DAYS - 1) * DAY_SECONDS;
	return periodOf(from, to);
}

/** Every day of the period, in order, as `YYYY-MM-DD`. */
export function listDays(period: ReportPeriod): string[] {
	const days: string[] = [];
	for (let at = period.startSec; at < period.endSec; at += DAY_SECONDS) days.push(dayOf(at));
	return days;
}
