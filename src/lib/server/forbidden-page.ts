// The 403 the access hook answers with when a role may not open a page. A page load gets the
// console's own 403 page (/forbidden, rendered inside the shell so the navigation stays, and
// saying what the role may not do); a client-side data request is sent there; anything else
// (a form post) gets the static page below, built from translated text with every inserted
// string escaped. The refused page's own load and actions never run.
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { translate, type Locale } from '../i18n/index.ts';

function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function forbiddenPage(locale: Locale): Response {
	const t = (key: string) => escapeHtml(translate(locale, key));
	const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>403 · ${t('app.name')}</title>
<style>body{font-family:system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f8fafc;color:#0f172a}main{max-width:32rem;padding:2rem;text-align:center}h1{font-size:3rem;margin:0;color:#6d28d9}a{color:#6d28d9}@media (prefers-color-scheme:dark){body{background:#0f172a;color:#e2e8f0}h1,a{color:#a78bfa}}</style>
</head><body><main><h1>403</h1><h2>${t('forbidden.title')}</h2><p data-testid="error-message">${t('error.forbidden')}</p><p><a href="/disputes">${t('error.back')}</a></p></main></body></html>`;
	return new Response(html, { status: 403, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" } });
}

/** The refusal for `pathname` (the access path the hook judged). */
export async function refusePage(event: RequestEvent, pathname: string): Promise<Response> {
	const location = `/forbidden?from=${encodeURIComponent(pathname)}`;
	// Thrown so Kit answers the data request with its JSON redirect.
	if (event.isDataRequest) redirect(303, location);
	if (event.request.method === 'GET' || event.request.method === 'HEAD') {
		try {
			const page = await event.fetch(location, { headers: { accept: 'text/html' } });
			if (page.status === 403 && page.headers.get('content-type')?.startsWith('text/html')) {
				return new Response(page.body, { status: 403, headers: new Headers(page.headers) });
			}
		} catch {
			// The static page below still refuses.
		}
	}
	return forbiddenPage(event.locals.locale);
}
