import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { completeSetup, isSetupTokenValid } from '$lib/server/auth/setup';
import { createSession } from '$lib/server/auth/sessions';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { formText, toFailure } from '$lib/server/form-failure';

/** `valid`: whether the link's token can still create the first operator. */
export const load: PageServerLoad = async ({ url }) => ({
	token: url.searchParams.get('token') ?? '',
	valid: await isSetupTokenValid(getRuntime().db, url.searchParams.get('token') ?? '')
});

async function createOperator({ request, locals, cookies, url }: Parameters<Actions[string]>[0]) {
	const data = await request.formData();
	const password = formText(data, 'password', 300);
	if (password !== formText(data, 'confirm', 300)) {
		return fail(400, { problem: { code: 'invalid_input', message: translate(locals.locale, 'setup.error.mismatch'), field: 'confirm' } });
	}
	const { db } = getRuntime();
	let user;
	try {
		user = await completeSetup(db, { token: formText(data, 'token', 200), name: formText(data, 'name', 64), password });
	} catch (error) {
		return toFailure(error, locals.locale);
	}
	const { token, session } = await createSession(db, { id: user.id, role: 'operator' }, true);
	setSessionCookie(cookies, url, token, session.expiresAt);
	redirect(303, '/disputes');
}

export const actions: Actions = { default: createOperator };
