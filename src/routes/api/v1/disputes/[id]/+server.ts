// GET: one dispute as the case page shows it (state, revisions, holder, SolverDisputeInfo
// without the preimage, order facts, action journal, whether this user may take it), and the
// node's assistant solver: whether it holds the dispute, and its messages to our solvers.
import { json, type RequestHandler } from '@sveltejs/kit';
import { getRuntime } from '$lib/server/runtime';
import { apiFailure, apiUser } from '$lib/server/api-response';
import { loadCase } from '$lib/server/mostro/case-view';
import { loadCaseAssistant } from '$lib/server/cases/assistant-view';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = apiUser(locals);
	if (user instanceof Response) return user;
	try {
		const runtime = getRuntime();
		const view = await loadCase(runtime, user.id, params.id ?? '');
		return json({ ...view, assistant: await loadCaseAssistant(runtime.db, runtime.engine.nodePubkey, view.dispute.id) });
	} catch (error) {
		return apiFailure(error, locals.locale);
	}
};
