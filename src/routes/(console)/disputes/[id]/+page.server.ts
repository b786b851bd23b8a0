import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { requireUser } from '$lib/server/auth/guard';
import { loadCase } from '$lib/server/mostro/case-view';
import { executeTake } from '$lib/server/mostro/actions/take-dispute';
import { isRefusal } from '$lib/server/errors';
import { toFailure } from '$lib/server/form-failure';
import { describeCantDo } from '$lib/protocol/cant-do';

/** The case (see CaseView): dispute, revisions, info without preimage, order facts, journal, take verdict. */
export const load: PageServerLoad = async ({ locals, params, depends }) => {
	depends('app:disputes');
	const user = requireUser(locals);
	try {
		return { view: await loadCase(getRuntime(), user.id, params.id), canMediate: user.role !== 'auditor' };
	} catch (err) {
		if (isRefusal(err) && err.code === 'not_found') error(404, { message: translate(locals.locale, 'case.not_found') });
		throw err;
	}
};

export const actions: Actions = {
	take: async ({ locals, params, request }) => {
		const user = requireUser(locals, 'mediate');
		const data = await request.formData();
		try {
			const outcome = await executeTake(getRuntime(), user, params.id, data.get('confirm') === 'on');
			return { take: outcome.state, reason: outcome.state === 'refused' ? describeCantDo(outcome.reason, locals.locale) : null };
		} catch (err) {
			return toFailure(err, locals.locale);
		}
	}
};
