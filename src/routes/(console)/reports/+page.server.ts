import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireUser } from '$lib/server/auth/guard';
import { getReport } from '$lib/server/reports/report-build';
import { parseReportPeriod } from '$lib/server/reports/report-period';
import { loadAssistantHolds } from '$lib/server/cases/assistant-holder';

/**
 * `report`: the numbers for the period in `from`/`to` (UTC days, default the last 30), with no dispute ids or pubkeys;
 * `assistantHeldOpen`: disputes the node's assistant solver holds now (null when the node announces none).
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireUser(locals, 'read_reports');
	const now = Date.now();
	const period = parseReportPeriod(url.searchParams, now);
	const { db, engine } = getRuntime();
	const assistant = await loadAssistantHolds(db, engine.nodePubkey, null);
	return { report: await getReport(db, period, now), assistantHeldOpen: assistant.assistantPubkey ? assistant.held.size : null };
};
