// GET: one dispute as the case page shows it (state, revisions, holder, SolverDisputeInfo
// without the preimage, order facts, action journal, whether this user may take it).
import { json, type RequestHandler } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { apiFailure, apiUser } from '$lib/server/api-response';
import { loadCase } from '$lib/server/mostro/case-view';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = apiUser(locals);
	if (user instanceof Response) return user;
	try {
		return json(await loadCase(getRuntime(), user.id, params.id ?? ''));
	} catch (error) {
		return apiFailure(error, locals.locale);
	}
};
