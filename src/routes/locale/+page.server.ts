import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { isLocale } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { setPreferences } from '$lib/server/users/accounts';
import { safeRedirectPath } from '$lib/server/safe-redirect';

export const load = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const data = await request.formData();
		const locale = data.get('locale');
		if (isLocale(locale)) {
			cookies.set('mm_locale', locale, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 365 * 24 * 3600 });
			if (locals.actor) await setPreferences(getRuntime(), locals.actor, null, { locale });
		}
		redirect(303, safeRedirectPath(data.get('redirectTo')));
	}
};
