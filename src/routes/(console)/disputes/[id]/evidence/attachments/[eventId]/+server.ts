import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { requireActor } from '$lib/server/auth/guard';
import { blobPolicyOf } from '$lib/server/mostro/dispute-chat/blob-policy';
import { isRefusal } from '$lib/server/errors';
import { openEvidenceAttachment } from '$lib/server/evidence/evidence-attachments';
import { attachmentResponse } from '$lib/server/mostro/dispute-chat/attachment-files';

/** A decrypted trade-chat attachment (only when the disclosed key allows): inline only for sniffed images/PDF. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const eventId = Number(params.eventId);
	if (!Number.isSafeInteger(eventId) || eventId <= 0) error(404, { message: translate(locals.locale, 'error.not_found') });
	const runtime = getRuntime();
	try {
		const file = await openEvidenceAttachment(runtime, actor, params.id, { eventRowId: eventId, policy: blobPolicyOf(runtime.config) });
		return attachmentResponse(file);
	} catch (err) {
		if (isRefusal(err)) error(err.status, { message: translate(locals.locale, err.messageKey, err.params) });
		throw err;
	}
};
