import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { loginWithPassword } from '$lib/server/auth/login';
import { createSession } from '$lib/server/auth/sessions';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { DEVICE_COOKIE, issueDeviceToken, readDeviceToken, setDeviceCookie } from '$lib/server/auth/device-cookie';
import { countUsers } from '$lib/server/users/repository';
import { clientAddress, formText, toFailure } from '$lib/server/form-failure';
import { safeRedirectPath } from '$lib/server/safe-redirect';

/** `noUsers`: true before the first operator exists (the setup link is needed). */
export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user && locals.session?.secondFactorVerified !== false) redirect(303, '/disputes');
	return { noUsers: (await countUsers(getRuntime().db)) === 0 };
};

async function login({ request, cookies, url, locals, getClientAddress }: Parameters<Actions[string]>[0]) {
	const data = await request.formData();
	const name = formText(data, 'name', 64);
	const { db, sealer, loginLimiters } = getRuntime();
	const account = name.trim().toLowerCase();
	const device = readDeviceToken(sealer, cookies.get(DEVICE_COOKIE), account);
	let result;
	try {
		result = await loginWithPassword(db, loginLimiters, { name, password: formText(data, 'password', 300), ip: clientAddress(getClientAddress), device });
	} catch (error) {
		return toFailure(error, locals.locale);
	}
	// A browser becomes known once it has proven every factor (here, or on the two-factor page).
	if (!result.needsSecondFactor) setDeviceCookie(cookies, url, issueDeviceToken(sealer, account));
	const { token, session } = await createSession(db, result.user, !result.needsSecondFactor);
	setSessionCookie(cookies, url, token, session.expiresAt);
	const next = safeRedirectPath(url.searchParams.get('redirectTo'));
	redirect(303, result.needsSecondFactor ? `/login/two-factor?redirectTo=${encodeURIComponent(next)}` : next);
}

export const actions: Actions = { default: login };
