// GET: the dispute chat with each party (as the case page shows it; read by the holder marks it
// read). POST `{ "party": "buyer" | "seller", "text" }`: sends a text as the dispute's holder.
// Same rules and audit as the case page.
import { json, type RequestHandler } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { apiActor, apiError, apiFailure, apiUser, readJsonObject } from '$lib/server/api-response';
import { parseChatText, sendChatText } from '$lib/server/mostro/dispute-chat/chat-send';
import { getDispute } from '$lib/server/cases/dispute-store';
import { loadChat } from '$lib/server/mostro/dispute-chat/chat-view';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = apiUser(locals);
	if (user instanceof Response) return user;
	const runtime = getRuntime();
	const dispute = await getDispute(runtime.db, params.id ?? '');
	if (!dispute) return apiError(404, 'not_found', translate(locals.locale, 'case.not_found'));
	return json(await loadChat(runtime, dispute.id, user.id, dispute.holderUserId));
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
	const actor = apiActor(locals, 'mediate');
	if (actor instanceof Response) return actor;
	const body = await readJsonObject(request);
	if (!body) return apiError(400, 'invalid_input', translate(locals.locale, 'error.invalid_input'));
	try {
		const input = parseChatText(body);
		const sent = await sendChatText(getRuntime(), actor, params.id ?? '', input);
		return json({ party: input.party, innerId: sent.innerId, delivered: { accepted: sent.receipts.filter((r) => r.accepted).length, total: sent.receipts.length } }, { status: 201 });
	} catch (error) {
		return apiFailure(error, locals.locale);
	}
};
