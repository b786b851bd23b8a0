import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireUser } from '$lib/server/auth/guard';
import { getReport } from '$lib/server/reports/report-build';
import { parseReportPeriod } from '$lib/server/reports/report-period';

/** `report`: the numbers for the period in `from`/`to` (UTC days, default the last 30), with no dispute ids or pubkeys. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireUser(locals, 'read_reports');
	const now = Date.now();
	const period = parseReportPeriod(url.searchParams, now);
	return { report: await getReport(getRuntime().db, period, now) };
};
