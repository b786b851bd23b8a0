// GET: the trade-chat evidence of a dispute (the evidence page as JSON): disclosure records,
// accepted messages in inner-time order, rejected events with reasons; 409 while not taken.
// POST `{ "key", "disclosedBy", "via", "disclosedAt"? }` or `{ "messageId" }`: imports a chat key a
// party disclosed, as the dispute's holder. Same rules and audit as the evidence page; the key is
// never returned or logged.
import { json, type RequestHandler } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { apiActor, apiError, apiFailure, readJsonObject } from '$lib/server/api-response';
import { loadEvidence } from '$lib/server/evidence/transcript-view';
import { importEvidenceKey } from '$lib/server/evidence/key-import';
import { parseEvidenceImport } from '$lib/server/evidence/import-input';

export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = apiActor(locals);
	if (actor instanceof Response) return actor;
	try {
		return json(await loadEvidence(getRuntime(), actor, params.id ?? ''));
	} catch (error) {
		return apiFailure(error, locals.locale);
	}
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
	const actor = apiActor(locals, 'mediate');
	if (actor instanceof Response) return actor;
	const body = await readJsonObject(request);
	if (!body) return apiError(400, 'invalid_input', translate(locals.locale, 'error.invalid_input'));
	try {
		const outcome = await importEvidenceKey(getRuntime(), actor, params.id ?? '', parseEvidenceImport(body, Date.now()));
		return json(outcome, { status: 201 });
	} catch (error) {
		return apiFailure(error, locals.locale);
	}
};
