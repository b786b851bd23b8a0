// The session cookie's attributes: HttpOnly, SameSite=Lax, path /, Secure when the
// console is served over https, expiring with the session.
import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from './sessions.ts';

export function sessionCookieOptions(url: URL, expiresAt: number) {
	return {
		httpOnly: true,
		sameSite: 'lax' as const,
		path: '/',
		secure: url.protocol === 'https:',
		expires: new Date(expiresAt)
	};
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: number): void {
	cookies.set(SESSION_COOKIE, token, sessionCookieOptions(url, expiresAt));
}

export function clearSessionCookie(cookies: Cookies): void {
	cookies.delete(SESSION_COOKIE, { path: '/' });
}
