import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { requireActor } from '$lib/server/auth/guard';
import { attachmentResponse, openChatAttachment } from '$lib/server/mostro/dispute-chat/attachment-files';
import { blobPolicyOf } from '$lib/server/mostro/dispute-chat/blob-policy';
import { isRefusal } from '$lib/server/errors';

/** A decrypted chat attachment: inline only for sniffed PNG/JPEG/GIF/WebP/PDF, otherwise a download. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const actor = requireActor(locals);
	const messageId = Number(params.messageId);
	if (!Number.isSafeInteger(messageId) || messageId <= 0) error(404, { message: translate(locals.locale, 'error.not_found') });
	const runtime = getRuntime();
	try {
		const file = await openChatAttachment(runtime, actor, params.id, { messageId, policy: blobPolicyOf(runtime.config) });
		return attachmentResponse(file);
	} catch (err) {
		if (isRefusal(err)) error(err.status, { message: translate(locals.locale, err.messageKey, err.params) });
		throw err;
	}
};
