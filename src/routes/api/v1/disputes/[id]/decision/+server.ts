// GET: the decision view (verdict, previews, decisions). POST: propose/execute
// `{ "action": "propose", outcome, reasonCode, justification, confirmOrderId, slashBuyer?, slashSeller? }`
// or review `{ "action": "approve" | "reject", decisionId, comment }`. Same rules and audit as the case page.
import { decisionResultOf } from '$lib/protocol/actions/decision-reply';
import { json, type RequestHandler } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { apiError, apiFailure, apiUser, readJsonObject } from '$lib/server/api-response';
import { loadDecisionView } from '$lib/server/mostro/decision-view';
import { decide, reviewDecision } from '$lib/server/mostro/actions/decide';
import { parseDecisionInput } from '$lib/server/mostro/actions/decision-rules';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = apiUser(locals);
	if (user instanceof Response) return user;
	try {
		return json(await loadDecisionView(getRuntime(), user, params.id ?? ''));
	} catch (error) {
		return apiFailure(error, locals.locale);
	}
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = apiUser(locals, 'mediate');
	if (user instanceof Response) return user;
	const body = await readJsonObject(request);
	if (!body) return apiError(400, 'invalid_input', translate(locals.locale, 'error.invalid_input'));
	const disputeId = params.id ?? '';
	try {
		if (body.action === 'propose') {
			const parsed = parseDecisionInput(body);
			if (!parsed.ok) return apiError(400, 'invalid_input', translate(locals.locale, `decision.error.${parsed.field}`), parsed.field);
			const result = await decide(getRuntime(), user, disputeId, parsed.input);
			// `result` says what the node really did (a settle may come back cooperatively canceled).
			const outcome = result.kind === 'executed' && result.outcome.state === 'acknowledged' ? { result: decisionResultOf(result.outcome.reply) } : {};
			return json({ ...result, ...outcome }, { status: result.kind === 'proposed' ? 202 : 200 });
		}
		if (body.action === 'approve' || body.action === 'reject') {
			const decisionId = body.decisionId;
			if (typeof decisionId !== 'number' || !Number.isSafeInteger(decisionId)) return apiError(400, 'invalid_input', translate(locals.locale, 'error.invalid_input'), 'decisionId');
			const comment = typeof body.comment === 'string' ? body.comment.slice(0, 4000) : '';
			return json(await reviewDecision(getRuntime(), user, disputeId, decisionId, { approve: body.action === 'approve', comment }));
		}
		return apiError(400, 'invalid_input', translate(locals.locale, 'error.invalid_input'), 'action');
	} catch (error) {
		return apiFailure(error, locals.locale);
	}
};
