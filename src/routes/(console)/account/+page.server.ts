import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireActor, requireUser } from '$lib/server/auth/guard';
import { setPreferences } from '$lib/server/users/accounts';
import { formText, toFormFailure } from '$lib/server/form-failure';
import { Refusal } from '$lib/server/errors';
import { createApiToken, listApiTokens, revokeApiToken } from '$lib/server/auth/api-tokens';
import { confirmIdentity } from '$lib/server/auth/reauth';
import { loadAccountNotificationView } from '$lib/server/notifications/notification-view';
import { confirmNpub, forgetNpub, requestNpubCode, saveChoices } from '$lib/server/notifications/account-notifications';

/** `theme`: the saved theme; `totpEnabled`: whether a second factor is required; `tokens`: live API tokens (never the token); `notifications`: own npub and choices. */
export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	return { theme: user.theme, totpEnabled: user.totpEnabled, tokens: await listApiTokens(getRuntime().db, user.id), notifications: await loadAccountNotificationView(getRuntime().db, user.id) };
};

export const actions: Actions = {
	theme: async ({ request, locals }) => {
		const actor = requireActor(locals);
		const theme = formText(await request.formData(), 'theme', 10);
		if (theme !== 'light' && theme !== 'dark' && theme !== 'system') return toFormFailure(new Refusal('invalid_input', 'account.error.theme', { field: 'theme' }), locals.locale, 'theme');
		await setPreferences(getRuntime(), actor, null, { theme });
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
			// The password and code are never sent back.
			return toFormFailure(error, locals.locale, 'createToken', { name });
		}
	},
	npubCode: async ({ request, locals }) => {
		const actor = requireActor(locals);
		const npub = formText(await request.formData(), 'npub', 200);
		try {
			const sent = await requestNpubCode(getRuntime(), actor, null, { npub, locale: locals.locale });
			return { npubCodeSent: sent };
		} catch (error) {
			return toFormFailure(error, locals.locale, 'npubCode', { npub });
		}
	},
	npubConfirm: async ({ request, locals }) => {
		const actor = requireActor(locals);
		try {
			await confirmNpub(getRuntime(), actor, null, { code: formText(await request.formData(), 'code', 20) });
			return { npubConfirmed: true };
		} catch (error) {
			return toFormFailure(error, locals.locale, 'npubConfirm');
		}
	},
	npubRemove: async ({ locals }) => {
		await forgetNpub(getRuntime(), requireActor(locals));
		return { npubRemoved: true };
	},
	notificationChoices: async ({ request, locals }) => {
		const actor = requireActor(locals);
		const data = await request.formData();
		const typed = { quietStart: formText(data, 'quietStart', 10), quietEnd: formText(data, 'quietEnd', 10) };
		const kinds = data.getAll('kinds');
		try {
			await saveChoices(getRuntime(), actor, null, { kinds, ...typed });
			return { notificationChoicesSaved: true };
		} catch (error) {
			return toFormFailure(error, locals.locale, 'notificationChoices', { ...typed, kinds: kinds.filter((k): k is string => typeof k === 'string').join(',') });
		}
	},
	revokeToken: async ({ request, locals }) => {
		const actor = requireActor(locals);
		const id = Number(formText(await request.formData(), 'tokenId', 20));
		try {
			await revokeApiToken(getRuntime(), actor, Number.isSafeInteger(id) ? id : -1);
			return { revoked: true };
		} catch (error) {
			return toFormFailure(error, locals.locale, 'revokeToken');
		}
	}
};
