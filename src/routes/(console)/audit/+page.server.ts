import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireUser } from '$lib/server/auth/guard';
import { AUDIT_PAGE_SIZE, listAudit, listAuditActions, parseAuditFilter, verifyAuditLog } from '$lib/server/audit/query';

/** `filter`, one page of `entries` (newest first), `total`, `pageSize`, `actions` for the filter. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireUser(locals, 'read_audit');
	const { db } = getRuntime();
	const filter = parseAuditFilter(url.searchParams);
	const [page, actions] = await Promise.all([listAudit(db, filter), listAuditActions(db)]);
	return { filter, entries: page.entries, total: page.total, pageSize: AUDIT_PAGE_SIZE, actions };
};

export const actions: Actions = {
	verify: async ({ locals }) => {
		requireUser(locals, 'read_audit');
		return { verdict: await verifyAuditLog(getRuntime().db) };
	}
};
