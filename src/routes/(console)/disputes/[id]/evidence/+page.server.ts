import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { actorOf, requireUser } from '$lib/server/auth/guard';
import { can } from '$lib/access/access-rules';
import { isRefusal } from '$lib/server/errors';
import { formText, toFailure } from '$lib/server/form-failure';
import { loadEvidence } from '$lib/server/evidence/transcript-view';
import { parseDisclosureTime } from '$lib/server/evidence/disclosure-time';
import { importEvidenceKey, refreshEvidence, type DisclosedBy, type DisclosedVia, type ImportOutcome } from '$lib/server/evidence/key-import';
import { importSummaryLocation, parseImportSummary } from '$lib/server/evidence/import-summary-link';

/**
 * The trade-chat evidence of a dispute (see EvidenceView): disclosure records, accepted messages in
 * inner-time order, rejected events with reasons. `notTaken` when no console user took it yet.
 * `canImport`: the viewer holds the dispute; `canExport`: the viewer may mediate.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals);
	try {
		const view = await loadEvidence(getRuntime(), actorOf(user), params.id);
		return { view, imported: parseImportSummary(url.searchParams), notTaken: false, canImport: can(user.role, 'mediate') && view.dispute.holderUserId === user.id, canExport: can(user.role, 'mediate') };
	} catch (err) {
		if (isRefusal(err) && err.code === 'not_found') error(404, { message: translate(locals.locale, 'case.not_found') });
		if (isRefusal(err) && err.messageKey === 'evidence.error.not_taken') return { view: null, imported: null, notTaken: true, canImport: false, canExport: false };
		throw err;
	}
};

export const actions: Actions = {
	import: async ({ locals, params, request }) => {
		const user = requireUser(locals, 'mediate');
		const data = await request.formData();
		const messageText = formText(data, 'messageId', 20);
		const messageId = messageText ? Number(messageText) : null;
		const by = formText(data, 'disclosedBy', 10);
		const via = formText(data, 'via', 20);
		const disclosedAt = parseDisclosureTime(formText(data, 'disclosedAt', 40), Date.now());
		const invalid = (field: string) => fail(400, { problem: { code: 'invalid_input', message: translate(locals.locale, 'error.invalid_input'), field } });
		if (messageId !== null && (!Number.isSafeInteger(messageId) || messageId <= 0)) return invalid('messageId');
		if (messageId === null && (!['buyer', 'seller', 'unknown'].includes(by) || !['dispute_chat', 'out_of_band'].includes(via))) return invalid('disclosedBy');
		if (!disclosedAt.ok) return invalid('disclosedAt');
		let outcome: ImportOutcome;
		try {
			outcome = await importEvidenceKey(getRuntime(), { ...actorOf(user), userId: user.id }, params.id, {
				secret: formText(data, 'secret', 200),
				sourceMessageId: messageId,
				disclosedBy: (by || 'unknown') as DisclosedBy,
				via: (via || 'out_of_band') as DisclosedVia,
				disclosedAt: disclosedAt.at
			});
		} catch (err) {
			return toFailure(err, locals.locale);
		}
		// See Other: a reload of the page shows the result and never imports again.
		redirect(303, importSummaryLocation(params.id, outcome));
	},
	refresh: async ({ locals, params }) => {
		const user = requireUser(locals, 'mediate');
		try {
			return { refreshed: await refreshEvidence(getRuntime(), { ...actorOf(user), userId: user.id }, params.id) };
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	}
};
