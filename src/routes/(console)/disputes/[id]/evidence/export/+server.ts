import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { requireActor } from '$lib/server/auth/guard';
import { isRefusal } from '$lib/server/errors';
import { exportEvidenceBundle } from '$lib/server/evidence/bundle-export';

/** The evidence bundle as a JSON download; the disclosed chat key only when `includeKey=on`, the private case notes only when `includeNotes=on` (both audited). */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireActor(locals, 'mediate');
	const data = await request.formData();
	try {
		const { filename, json } = await exportEvidenceBundle(getRuntime(), actor, params.id, { includeKey: data.get('includeKey') === 'on', includeNotes: data.get('includeNotes') === 'on' });
		return new Response(json, {
			headers: {
				'content-type': 'application/json; charset=utf-8',
				'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
				'x-content-type-options': 'nosniff',
				'cache-control': 'no-store'
			}
		});
	} catch (err) {
		if (isRefusal(err)) error(err.status, { message: translate(locals.locale, err.messageKey) });
		throw err;
	}
};
