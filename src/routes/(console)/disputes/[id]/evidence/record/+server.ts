// The printable case record of a dispute's evidence (issue 15) as an HTML download, in the
// user's language: no script may run in it, only its inline styles and data: images load. The
// private case notes go in only when `includeNotes=on`.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { requireActor } from '$lib/server/auth/guard';
import { isRefusal } from '$lib/server/errors';
import { exportCaseRecord } from '$lib/server/evidence/case-record-export';

const CASE_RECORD_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

export const POST: RequestHandler = async ({ locals, params, request }) => {
	const actor = requireActor(locals, 'mediate');
	const data = await request.formData();
	try {
		const { filename, html } = await exportCaseRecord(getRuntime(), actor, params.id, { locale: locals.locale, includeNotes: data.get('includeNotes') === 'on' });
		return new Response(html, {
			headers: {
				'content-type': 'text/html; charset=utf-8',
				'content-security-policy': CASE_RECORD_CSP,
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
