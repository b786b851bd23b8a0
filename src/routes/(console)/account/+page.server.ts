import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireUser } from '$lib/server/auth/guard';
import { setPreferences } from '$lib/server/users/accounts';
import { formText } from '$lib/server/form-failure';

/** `theme`: the saved theme; `totpEnabled`: whether a second factor is required. */
export const load: PageServerLoad = ({ locals }) => {
	const user = requireUser(locals);
	return { theme: user.theme, totpEnabled: user.totpEnabled };
};

export const actions: Actions = {
	theme: async ({ request, locals }) => {
		const user = requireUser(locals);
		const theme = formText(await request.formData(), 'theme', 10);
		if (theme === 'light' || theme === 'dark' || theme === 'system') await setPreferences(getRuntime().db, user.id, { theme });
		return { saved: true };
	}
};
