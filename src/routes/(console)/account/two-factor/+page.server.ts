import type { Actions, PageServerLoad } from './$types';
import { encode } from 'uqr';
import { getRuntime } from '$lib/server/runtime';
import { requireActor, requireUser } from '$lib/server/auth/guard';
import { enrolTotp } from '$lib/server/auth/second-factor';
import { confirmIdentity } from '$lib/server/auth/reauth';
import { generateTotpKey, totpKeyForDisplay, totpKeyUri } from '$lib/server/auth/totp';
import { createSession, invalidateUserSessions } from '$lib/server/auth/sessions';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { formText, toFormFailure } from '$lib/server/form-failure';
import { Refusal } from '$lib/server/errors';

/**
 * `enrolment`: null when a second factor is already on; otherwise a fresh key for the
 * user's own authenticator app: `qr` (module matrix), `keyText` (for typing) and `key`
 * (base64, posted back with the first code to confirm).
 */
export const load: PageServerLoad = ({ locals }) => {
	const user = requireUser(locals);
	if (user.totpEnabled) return { enrolment: null };
	const key = generateTotpKey();
	return {
		enrolment: { qr: encode(totpKeyUri(user.name, key), { ecc: 'M' }).data, keyText: totpKeyForDisplay(key), key: Buffer.from(key).toString('base64') }
	};
};

export const actions: Actions = {
	default: async ({ request, locals, cookies, url }) => {
		const user = requireUser(locals);
		const data = await request.formData();
		const key = new Uint8Array(Buffer.from(formText(data, 'key', 64), 'base64'));
		if (key.length !== 20) return toFormFailure(new Refusal('invalid_input', 'totp.error.key'), locals.locale, 'twoFactor');
		const { db, sealer, loginLimiters, secondFactorLimiter } = getRuntime();
		let recoveryCodes: string[];
		try {
			// A session alone is not enough to (re-)enrol: the password and any current code too.
			const limiters = { byAccount: loginLimiters.byAccount, secondFactor: secondFactorLimiter };
			await confirmIdentity(db, sealer, limiters, user.id, { password: formText(data, 'current', 300), code: formText(data, 'currentCode', 20) || undefined }, 'totp.enrol');
			recoveryCodes = await enrolTotp({ db, sealer }, requireActor(locals), null, { key, code: formText(data, 'code', 20) });
		} catch (error) {
			return toFormFailure(error, locals.locale, 'twoFactor');
		}
		// A privilege change: end other sessions and rotate this one.
		await invalidateUserSessions(db, user.id);
		const { token, session } = await createSession(db, user, true);
		setSessionCookie(cookies, url, token, session.expiresAt);
		return { recoveryCodes };
	}
};
