// GET: the dispute's escrow as the node's LND reports it (or "not verified"); refreshed when stale.
import { json, type RequestHandler } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { apiError, apiUser } from '$lib/server/api-response';
import { loadEscrowView } from '$lib/server/lightning/escrow-view';
import { getDispute } from '$lib/server/cases/dispute-store';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = apiUser(locals);
	if (user instanceof Response) return user;
	const runtime = getRuntime();
	if (!(await getDispute(runtime.db, params.id ?? ''))) return apiError(404, 'not_found', 'No such dispute.');
	return json(await loadEscrowView(runtime.escrow, params.id ?? ''));
};
