// GET: the trade-chat evidence of a dispute (the evidence page as JSON): disclosure records,
// accepted messages in inner-time order, rejected events with reasons; 409 while not taken.
// POST `{ "key", "disclosedBy", "via", "disclosedAt"? }` or `{ "messageId" }`: imports a chat key a
// party disclosed, as the dispute's holder. Same rules and audit as the evidence page; the key is
// never returned or logged.
import { json, type RequestHandler } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { apiError, apiFailure, apiUser, readJsonObject } from '$lib/server/api-response';
import { actorOf } from '$lib/server/auth/guard';
import { loadEvidence } from '$lib/server/evidence/transcript-view';
import { importEvidenceKey } from '$lib/server/evidence/key-import';
import { parseDisclosureTime } from '$lib/server/evidence/disclosure-time';

export const GET: RequestHandler = async ({ locals, params }) => {
	const user = apiUser(locals);
	if (user instanceof Response) return user;
	try {
		return json(await loadEvidence(getRuntime(), actorOf(user), params.id ?? ''));
	} catch (error) {
		return apiFailure(error, locals.locale);
	}
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
	const user = apiUser(locals, 'mediate');
	if (user instanceof Response) return user;
	const body = await readJsonObject(request);
	const invalid = (field: string | null) => apiError(400, 'invalid_input', translate(locals.locale, 'error.invalid_input'), field);
	if (!body) return invalid(null);
	const { key, messageId, disclosedBy, via, disclosedAt } = body;
	const fromMessage = messageId !== undefined && messageId !== null;
	if (fromMessage && (typeof messageId !== 'number' || !Number.isSafeInteger(messageId) || messageId <= 0)) return invalid('messageId');
	if (!fromMessage && (typeof key !== 'string' || key.length < 1 || key.length > 200)) return invalid('key');
	if (!fromMessage && disclosedBy !== 'buyer' && disclosedBy !== 'seller' && disclosedBy !== 'unknown') return invalid('disclosedBy');
	if (!fromMessage && via !== 'dispute_chat' && via !== 'out_of_band') return invalid('via');
	const at = parseDisclosureTime(disclosedAt, Date.now());
	if (!at.ok) return invalid('disclosedAt');
	try {
		const outcome = await importEvidenceKey(getRuntime(), { ...actorOf(user), userId: user.id }, params.id ?? '', {
			secret: typeof key === 'string' ? key : '',
			sourceMessageId: fromMessage ? messageId : null,
			disclosedBy: disclosedBy === 'buyer' || disclosedBy === 'seller' ? disclosedBy : 'unknown',
			via: via === 'dispute_chat' ? 'dispute_chat' : 'out_of_band',
			disclosedAt: at.at
		});
		return json(outcome, { status: 201 });
	} catch (error) {
		return apiFailure(error, locals.locale);
	}
};
