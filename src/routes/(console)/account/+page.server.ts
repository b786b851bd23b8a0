import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireUser } from '$lib/server/auth/guard';
import { setPreferences } from '$lib/server/users/accounts';
import { formText, toFailure } from '$lib/server/form-failure';
import { createApiToken, listApiTokens, revokeApiToken } from '$lib/server/auth/api-tokens';
import { confirmIdentity } from '$lib/server/auth/reauth';

/** `theme`: the saved theme; `totpEnabled`: whether a second factor is required; `tokens`: live API tokens (never the token). */
export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	return { theme: user.theme, totpEnabled: user.totpEnabled, tokens: await listApiTokens(getRuntime().db, user.id) };
};

export const actions: Actions = {
	theme: async ({ request, locals }) => {
		const user = requireUser(locals);
		const theme = formText(await request.formData(), 'theme', 10);
		if (theme === 'light' || theme === 'dark' || theme === 'system') await setPreferences(getRuntime().db, user.id, { theme });
		return { saved: true };
	},
	createToken: async ({ request, locals }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const name = formText(data, 'name', 100);
		const { db, sealer, loginLimiters, secondFactorLimiter } = getRuntime();
		try {
			const limiters = { byAccount: loginLimiters.byAccount, secondFactor: secondFactorLimiter };
			await confirmIdentity(db, sealer, limiters, user.id, { password: formText(data, 'current', 300), code: formText(data, 'currentCode', 20) || undefined }, 'api_token.create');
			const created = await createApiToken(getRuntime().db, { userId: user.id, label: user.name }, name);
			return { newToken: created.token };
		} catch (error) {
			return toFailure(error, locals.locale);
		}
	},
	revokeToken: async ({ request, locals }) => {
		const user = requireUser(locals);
		const id = Number(formText(await request.formData(), 'tokenId', 20));
		try {
			await revokeApiToken(getRuntime().db, { userId: user.id, label: user.name }, Number.isSafeInteger(id) ? id : -1);
			return { revoked: true };
		} catch (error) {
			return toFailure(error, locals.locale);
		}
	}
};
