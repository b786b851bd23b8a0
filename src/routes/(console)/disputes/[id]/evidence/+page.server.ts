import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { requireActor, requireUser } from '$lib/server/auth/guard';
import { can } from '$lib/access/access-rules';
import { isRefusal } from '$lib/server/errors';
import { formFields, toFailure } from '$lib/server/form-failure';
import { loadEvidence } from '$lib/server/evidence/transcript-view';
import { parseEvidenceImport } from '$lib/server/evidence/import-input';
import { importEvidenceKey, refreshEvidence } from '$lib/server/evidence/key-import';
import type { ImportOutcome } from '$lib/server/evidence/key-import';
import { importSummaryLocation, parseImportSummary } from '$lib/server/evidence/import-summary-link';

/**
 * The trade-chat evidence of a dispute (see EvidenceView): disclosure records, accepted messages in
 * inner-time order, rejected events with reasons. `notTaken` when no console user took it yet.
 * `canImport`: the viewer holds the dispute; `canExport`: the viewer may mediate.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals);
	try {
		const view = await loadEvidence(getRuntime(), requireActor(locals), params.id);
		return { view, imported: parseImportSummary(url.searchParams), notTaken: false, canImport: can(user.role, 'mediate') && view.dispute.holderUserId === user.id, canExport: can(user.role, 'mediate') };
	} catch (err) {
		if (isRefusal(err) && err.code === 'not_found') error(404, { message: translate(locals.locale, 'case.not_found') });
		if (isRefusal(err) && err.messageKey === 'evidence.error.not_taken') return { view: null, imported: null, notTaken: true, canImport: false, canExport: false };
		throw err;
	}
};

export const actions: Actions = {
	import: async ({ locals, params, request }) => {
		const actor = requireActor(locals, 'mediate');
		const data = await request.formData();
		let outcome: ImportOutcome;
		try {
			outcome = await importEvidenceKey(getRuntime(), actor, params.id, parseEvidenceImport(formFields(data), Date.now()));
		} catch (err) {
			return toFailure(err, locals.locale);
		}
		// See Other: a reload of the page shows the result and never imports again.
		redirect(303, importSummaryLocation(params.id, outcome));
	},
	refresh: async ({ locals, params }) => {
		const actor = requireActor(locals, 'mediate');
		try {
			return { refreshed: await refreshEvidence(getRuntime(), actor, params.id) };
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	}
};
