import type { RequestHandler } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireActor } from '$lib/server/auth/guard';
import { exportReportCsv } from '$lib/server/reports/report-csv';
import { parseReportPeriod } from '$lib/server/reports/report-period';

/** The report for `from`/`to` as CSV (aggregates only), downloaded as a file; audited as `report.exported`. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const actor = requireActor(locals, 'read_reports');
	const now = Date.now();
	const { csv, fileName } = await exportReportCsv(getRuntime(), actor, null, { period: parseReportPeriod(url.searchParams, now), now });
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${fileName}"`,
			'cache-control': 'no-store'
		}
	});
};
