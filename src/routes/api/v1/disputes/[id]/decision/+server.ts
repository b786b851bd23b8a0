// GET: the decision view (verdict, previews, decisions). POST: propose/execute
// `{ "action": "propose", outcome, reasonCode, justification, confirmOrderId, slashBuyer?, slashSeller? }`
// or review `{ "action": "approve" | "reject", decisionId, comment }`, or the proposer's
// `{ "action": "withdraw", decisionId }`. Same rules and audit as the case page.
import { decisionResultOf } from '$lib/protocol/actions/decision-reply';
import { json, type RequestHandler } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { apiActor, apiError, apiFailure, readJsonObject } from '$lib/server/api-response';
import { loadDecisionView } from '$lib/server/mostro/decision-view';
import { decide, reviewDecision } from '$lib/server/mostro/actions/decide';
import { parseDecisionInput } from '$lib/server/mostro/actions/decision-rules';
import { parseDecisionId, parseDecisionReview } from '$lib/server/mostro/actions/review-input';
import { withdrawDecision } from '$lib/server/mostro/actions/withdraw-proposal';

export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = apiActor(locals);
	if (actor instanceof Response) return actor;
	try {
		return json(await loadDecisionView(getRuntime(), actor, params.id ?? ''));
	} catch (error) {
		return apiFailure(error, locals.locale);
	}
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
	const actor = apiActor(locals, 'mediate');
	if (actor instanceof Response) return actor;
	const body = await readJsonObject(request);
	if (!body) return apiError(400, 'invalid_input', translate(locals.locale, 'error.invalid_input'));
	const disputeId = params.id ?? '';
	try {
		if (body.action === 'propose') {
			const parsed = parseDecisionInput(body);
			if (!parsed.ok) return apiError(400, 'invalid_input', translate(locals.locale, `decision.error.${parsed.field}`), parsed.field);
			const result = await decide(getRuntime(), actor, disputeId, parsed.input);
			// `result` says what the node really did (a settle may come back cooperatively canceled).
			const outcome = result.kind === 'executed' && result.outcome.state === 'acknowledged' ? { result: decisionResultOf(result.outcome.reply) } : {};
			return json({ ...result, ...outcome }, { status: result.kind === 'proposed' ? 202 : 200 });
		}
		if (body.action === 'approve' || body.action === 'reject') {
			return json(await reviewDecision(getRuntime(), actor, disputeId, parseDecisionReview({ ...body, verdict: body.action })));
		}
		if (body.action === 'withdraw') {
			return json(await withdrawDecision(getRuntime(), actor, disputeId, { decisionId: parseDecisionId(body.decisionId) }));
		}
		return apiError(400, 'invalid_input', translate(locals.locale, 'error.invalid_input'), 'action');
	} catch (error) {
		return apiFailure(error, locals.locale);
	}
};
