import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireActor, requireUser } from '$lib/server/auth/guard';
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
		const actor = requireActor(locals);
		const theme = formText(await request.formData(), 'theme', 10);
		if (theme === 'light' || theme === 'dark' || theme === 'system') await setPreferences(getRuntime(), actor, null, { theme });
		return { saved: true };
	},
	createToken: async ({ request, locals }) => {
		const actor = requireActor(locals);
		const data = await request.formData();
		const name = formText(data, 'name', 100);
		const { db, sealer, loginLimiters, secondFactorLimiter } = getRuntime();
		try {
			const limiters = { byAccount: loginLimiters.byAccount, secondFactor: secondFactorLimiter };
			await confirmIdentity(db, sealer, limiters, actor.userId, { password: formText(data, 'current', 300), code: formText(data, 'currentCode', 20) || undefined }, 'api_token.create');
			const created = await createApiToken(getRuntime(), actor, null, { name });
			return { newToken: created.token };
		} catch (error) {
			return toFailure(error, locals.locale);
		}
	},
	revokeToken: async ({ request, locals }) => {
		const actor = requireActor(locals);
		const id = Number(formText(await request.formData(), 'tokenId', 20));
		try {
			await revokeApiToken(getRuntime(), actor, Number.isSafeInteger(id) ? id : -1);
			return { revoked: true };
		} catch (error) {
			return toFailure(error, locals.locale);
		}
	}
};
