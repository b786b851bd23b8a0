// Device cookies for sign-in back-off (OWASP "Slow Brute Force Protection Using Device Cookies"):
// a browser that signed in to an account before carries a token, sealed with the master key, that
// names the account and when it was issued. Sign-in failures from such a browser are counted on
// their own key, so guesses from anywhere else cannot lock the owner out; untrusted clients keep
// the growing per-account delay. Never trusts a token that does not open, names another account
// or is older than DEVICE_COOKIE_MAX_AGE_SECS; never holds a password or a session.
import { createHash } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { openText, sealText, type Sealer } from '../vault/seal.ts';

export const DEVICE_COOKIE = 'mm_device';
export const DEVICE_COOKIE_MAX_AGE_SECS = 180 * 24 * 3600;
const PURPOSE = 'login-device-cookie';

export function issueDeviceToken(sealer: Sealer, account: string, now = Date.now()): string {
	return sealText(sealer, JSON.stringify({ account, issuedAt: now }), PURPOSE);
}

/** The device's id (a hash of its token) when `value` is a valid token for `account`; else null. */
export function readDeviceToken(sealer: Sealer, value: unknown, account: string, now = Date.now()): string | null {
	if (typeof value !== 'string' || value.length === 0 || value.length > 512 || account === '') return null;
	let body: unknown;
	try {
		body = JSON.parse(openText(sealer, value, PURPOSE));
	} catch {
		return null;
	}
	const token = body as { account?: unknown; issuedAt?: unknown } | null;
	if (token?.account !== account || typeof token.issuedAt !== 'number') return null;
	if (token.issuedAt > now || now - token.issuedAt > DEVICE_COOKIE_MAX_AGE_SECS * 1000) return null;
	return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

export function setDeviceCookie(cookies: Cookies, url: URL, token: string): void {
	cookies.set(DEVICE_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/login', secure: url.protocol === 'https:', maxAge: DEVICE_COOKIE_MAX_AGE_SECS });
}
