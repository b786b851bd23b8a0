import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { verifySecondFactor } from '$lib/server/auth/second-factor';
import { createSession, invalidateSession } from '$lib/server/auth/sessions';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { issueDeviceToken, setDeviceCookie } from '$lib/server/auth/device-cookie';
import { formText, toFailure } from '$lib/server/form-failure';
import { safeRedirectPath } from '$lib/server/safe-redirect';

export const load: PageServerLoad = ({ locals }) => {
	if (!locals.user || !locals.session) redirect(303, '/login');
	if (locals.session.secondFactorVerified || !locals.user.totpEnabled) redirect(303, '/disputes');
	return {};
};

async function verify({ request, locals, cookies, url }: Parameters<Actions[string]>[0]) {
	if (!locals.user || !locals.session) redirect(303, '/login');
	const data = await request.formData();
	const { db, sealer, secondFactorLimiter } = getRuntime();
	try {
		await verifySecondFactor(db, sealer, secondFactorLimiter, locals.user.id, {
			code: formText(data, 'code', 20) || undefined,
			recoveryCode: formText(data, 'recoveryCode', 40) || undefined
		});
	} catch (error) {
		return toFailure(error, locals.locale);
	}
	// A fresh session once both factors are proven.
	await invalidateSession(db, locals.session.id);
	const { token, session } = await createSession(db, locals.user, true);
	setSessionCookie(cookies, url, token, session.expiresAt);
	setDeviceCookie(cookies, url, issueDeviceToken(sealer, locals.user.name.trim().toLowerCase()));
	redirect(303, safeRedirectPath(url.searchParams.get('redirectTo')));
}

export const actions: Actions = { default: verify };
