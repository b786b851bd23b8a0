// The security headers every response carries (set by the `secure` hook): never framed, except
// the attachment routes, which only our own origin may frame (the chat's inline PDF); and the fallback
// error page the hook answers with when a later hook throws — Kit's own static error page
// (src/error.html) would go out without any of these headers. The fallback page is static
// HTML with every inserted string escaped; it never shows an error's stack or details.
import { isHttpError, isRedirect, type Handle } from '@sveltejs/kit';
import { log } from './log.ts';
import { LOCALE_TAGS } from '../i18n/locales.ts';

/** For pages built without Kit's renderer (no script, inline style only). */
export const STATIC_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The decrypted-attachment routes the case page frames (an inline PDF): the only responses our
 * own origin may frame. Everything else, pages included, stays unframeable.
 */
const FRAMEABLE_PATH = /^\/disputes\/[^/]+\/(?:evidence\/)?attachments\/\d+$/;

export function isFrameableByOwnOrigin(pathname: string): boolean {
	return FRAMEABLE_PATH.test(pathname);
}

export function applySecurityHeaders(headers: Headers, context: { https: boolean; signedIn: boolean; pathname: string }): void {
	headers.set('X-Content-Type-Options', 'nosniff');
	headers.set('Referrer-Policy', 'no-referrer');
	// The attachment routes also send CSP `frame-ancestors 'self'` (attachmentResponse).
	headers.set('X-Frame-Options', isFrameableByOwnOrigin(context.pathname) ? 'SAMEORIGIN' : 'DENY');
	headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
	headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	if (context.https) headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	if (context.signedIn && !context.pathname.startsWith('/_app/')) headers.set('Cache-Control', 'no-store');
}

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page for an error thrown by a hook; redirects are rethrown for Kit to answer. */
export function fallbackErrorResponse(error: unknown, context: { requestId: string; path: string }): Response {
	if (isRedirect(error)) throw error;
	const status = isHttpError(error) ? error.status : 500;
	if (status >= 500) log.error('request failed', { requestId: context.requestId, path: context.path, status, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
	const message = status >= 500 ? 'Internal Error' : isHttpError(error) ? String(error.body.message) : 'Error';
	const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${status} · Mostro Mediator Console</title>
<style>body{font-family:system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f8fafc;color:#0f172a}main{max-width:32rem;padding:2rem;text-align:center}h1{font-size:3rem;margin:0;color:#6d28d9}a{color:#6d28d9}@media (prefers-color-scheme:dark){body{background:#0f172a;color:#e2e8f0}h1,a{color:#a78bfa}}</style>
</head><body><main><h1>${status}</h1><p>${escapeHtml(message)}</p><p>${escapeHtml(context.requestId)}</p><p><a href="/disputes">Mostro Mediator Console</a></p></main></body></html>`;
	return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': STATIC_PAGE_CSP } });
}

/** How handleError logs: 404 not at all, other 4xx (a 413 body from anyone) at warn without a stack. */
export function logRequestError(err: unknown, context: { requestId: string; path: string; status: number; anonymous: boolean }): void {
	const { requestId, path, status, anonymous } = context;
	if (status === 404) return;
	if (status < 500) {
		log.warn('request refused', { requestId, path, status, anonymous, reason: err instanceof Error ? err.message.slice(0, 200) : String(err).slice(0, 200) });
		return;
	}
	log.error('request failed', { requestId, path, status, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}

/** Sets the headers on every response, including the fallback page for a hook that threw. */
export const secure: Handle = async ({ event, resolve }) => {
	let response: Response;
	try {
		response = await resolve(event, {
			// Read when the page is rendered, after the later hooks have found the session: at the
			// start of this hook nobody is signed in yet and a saved theme would never apply.
			transformPageChunk: ({ html }) => {
				const theme = event.locals.user?.theme ?? 'system';
				return html.replace('%lang%', LOCALE_TAGS[event.locals.locale]).replaceAll('%theme%', theme === 'system' ? '' : theme);
			}
		});
	} catch (error) {
		// Kit's static fallback page would carry none of the headers below.
		response = fallbackErrorResponse(error, { requestId: event.locals.requestId, path: event.url.pathname });
	}
	applySecurityHeaders(response.headers, { https: event.url.protocol === 'https:', signedIn: event.locals.user !== null, pathname: event.url.pathname });
	return response;
};
