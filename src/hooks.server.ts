// Server entry: starts the runtime once (config, migrations, vault), then for every
// request assigns a request id, authenticates the session cookie (or an API bearer token on
// /api, rate-limited per token), enforces access for
// the whole console and every /api endpoint, and sets the security headers.
import { json, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '$lib/server/config';
import { bundledMigrationSet } from '$lib/server/db/migrations-bundled';
import { getRuntime, startRuntime } from '$lib/server/runtime';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/sessions';
import { sessionCookieOptions } from '$lib/server/auth/cookies';
import { isCrossSiteRequest } from '$lib/server/auth/csrf';
import { accessPath, canOpen, isAccountGatePath, isPublicPath } from '$lib/access/access-rules';
import { authenticateApiToken } from '$lib/server/auth/api-tokens';
import { personActor } from '$lib/server/auth/actor';
import { limitApiRequest } from '$lib/server/api/api-rate-limit';
import { isLocale, negotiateLocale } from '$lib/i18n';
import { refusePage } from '$lib/server/forbidden-page';
import { logRequestError, secure } from '$lib/server/security-headers';

export const init: ServerInit = async () => {
	await startRuntime(loadConfig(), bundledMigrationSet());
};

const identify: Handle = async ({ event, resolve }) => {
	event.locals.requestId = randomUUID();
	event.locals.user = null;
	event.locals.actor = null;
	event.locals.session = null;
	const cookieLocale = event.cookies.get('mm_locale');
	event.locals.locale = isLocale(cookieLocale) ? cookieLocale : negotiateLocale(event.request.headers.get('accept-language'));
	return resolve(event);
};

const refuseCrossSite: Handle = async ({ event, resolve }) => {
	// An /api request without the session cookie carries no ambient authority: it gets the API's 401.
	const cookieless = isApi(event.url.pathname) && !event.cookies.get(SESSION_COOKIE);
	if (!cookieless && isCrossSiteRequest(event.request, event.url)) {
		return new Response('Cross-site requests are forbidden', { status: 403, headers: { 'content-type': 'text/plain' } });
	}
	return resolve(event);
};

const authenticate: Handle = async ({ event, resolve }) => {
	const authorization = event.request.headers.get('authorization');
	if (authorization?.startsWith('Bearer ')) {
		// Token requests carry no cookies' authority (and are exempt from the CSRF check).
		const valid = isApi(event.url.pathname) ? await authenticateApiToken(getRuntime().db, authorization.slice(7).trim()) : null;
		if (!valid) return json({ error: { code: 'invalid_token', message: 'The API token is unknown, revoked, or not accepted here.' } }, { status: 401 });
		const limited = await limitApiRequest(getRuntime().db, valid.session.id);
		if (limited) return limited;
		event.locals.user = valid.user;
		event.locals.actor = personActor(valid.user, event.locals.requestId);
		event.locals.session = valid.session;
		event.locals.locale = valid.user.locale;
		return resolve(event);
	}
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const valid = await validateSessionToken(getRuntime().db, token);
		if (valid) {
			event.locals.user = valid.user;
			event.locals.actor = personActor(valid.user, event.locals.requestId);
			event.locals.session = valid.session;
			event.locals.locale = valid.user.locale;
			if (valid.refreshed) event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event.url, valid.session.expiresAt));
		} else {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	return resolve(event);
};

/** Thrown (not returned) so Kit answers client-side data requests with its JSON redirect. */
const seeOther = (location: string): never => redirect(303, location);

const isApi = (pathname: string) => pathname.startsWith('/api/');

const authorize: Handle = async ({ event, resolve }) => {
	// Decided on the route reached, not the raw (possibly percent-encoded) request path.
	const pathname = accessPath(event.route.id, event.url.pathname);
	if (isPublicPath(pathname)) return resolve(event);
	const { user, session } = event.locals;
	if (!user || !session) {
		if (isApi(pathname)) return json({ error: { code: 'unauthenticated', message: 'Sign in or send an API token.' } }, { status: 401 });
		const back = pathname === '/' ? '' : `?redirectTo=${encodeURIComponent(event.url.pathname + event.url.search)}`;
		return seeOther(`/login${back}`);
	}
	if (user.totpEnabled && !session.secondFactorVerified) {
		if (isAccountGatePath(pathname)) return resolve(event);
		if (isApi(pathname)) return json({ error: { code: 'second_factor_required', message: 'Finish signing in first.' } }, { status: 401 });
		return seeOther('/login/two-factor');
	}
	if (user.mustChangePassword && !isAccountGatePath(pathname)) {
		if (isApi(pathname)) return json({ error: { code: 'password_change_required', message: 'Change your password first.' } }, { status: 403 });
		return seeOther('/account/password');
	}
	if (!canOpen(user.role, pathname)) {
		if (isApi(pathname)) return json({ error: { code: 'forbidden', message: 'Your role may not use this endpoint.' } }, { status: 403 });
		return refusePage(event, pathname);
	}
	return resolve(event);
};

export const handle = sequence(identify, secure, refuseCrossSite, authenticate, authorize);

export const handleError: HandleServerError = ({ error: err, event, status, message }) => {
	const requestId = event.locals.requestId ?? randomUUID();
	logRequestError(err, { requestId, path: event.url.pathname, status, anonymous: !event.locals.user });
	return { message: status === 404 ? 'not_found' : message === 'Internal Error' ? 'internal' : message, code: String(status), requestId };
};
