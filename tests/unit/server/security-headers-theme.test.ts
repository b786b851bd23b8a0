// The saved theme reaches the first paint: the `secure` hook runs before the session is known,
// so the page's theme class must be read when the page is rendered, not when the hook starts.
import { describe, expect, it } from 'vitest';
import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { secure } from '../../../src/lib/server/security-headers.ts';

const TEMPLATE = '<html lang="%lang%"><body class="%theme%" data-theme="%theme%"></body></html>';

/** Runs `secure` with a later hook that signs a user with `theme` in, then renders the template. */
async function render(theme: 'light' | 'dark' | 'system' | null): Promise<string> {
	const event = { url: new URL('http://127.0.0.1/disputes'), locals: { requestId: 'r', user: null, session: null, locale: 'en' } } as unknown as RequestEvent;
	const response = await secure({
		event,
		resolve: async (resolved: RequestEvent, options?: ResolveOptions) => {
			if (theme !== null) (resolved.locals as { user: unknown }).user = { id: 1, name: 'ana', role: 'mediator', theme };
			const html = (await options?.transformPageChunk?.({ html: TEMPLATE, done: true })) ?? TEMPLATE;
			return new Response(html, { headers: { 'content-type': 'text/html' } });
		}
	});
	return response.text();
}

describe('the theme on first paint', () => {
	it('applies a saved dark or light theme found by the session hook after this one', async () => {
		expect(await render('dark')).toContain('<body class="dark" data-theme="dark">');
		expect(await render('light')).toContain('<body class="light" data-theme="light">');
	});

	it('leaves the class empty for System and for nobody signed in', async () => {
		expect(await render('system')).toContain('<body class="" data-theme="">');
		expect(await render(null)).toContain('<body class="" data-theme="">');
	});
});
