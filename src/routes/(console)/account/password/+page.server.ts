import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireActor, requireUser } from '$lib/server/auth/guard';
import { changeOwnPassword } from '$lib/server/users/accounts';
import { createSession } from '$lib/server/auth/sessions';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { formText, toFormFailure } from '$lib/server/form-failure';
import { Refusal } from '$lib/server/errors';

/** `mustChange`: the password is a one-time password that has to be replaced. */
export const load: PageServerLoad = ({ locals }) => ({ mustChange: requireUser(locals).mustChangePassword });

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const next = formText(data, 'password', 300);
		if (next !== formText(data, 'confirm', 300)) {
			return toFormFailure(new Refusal('invalid_input', 'setup.error.mismatch', { field: 'confirm' }), locals.locale, 'password');
		}
		const { db, loginLimiters } = getRuntime();
		try {
			await changeOwnPassword({ db, byAccount: loginLimiters.byAccount }, requireActor(locals), null, { current: formText(data, 'current', 300), next });
		} catch (error) {
			// Passwords are never sent back.
			return toFormFailure(error, locals.locale, 'password');
		}
		// Every session ended with the change; this browser gets a fresh one.
		const { token, session } = await createSession(db, user, true);
		setSessionCookie(cookies, url, token, session.expiresAt);
		redirect(303, '/account');
	}
};
