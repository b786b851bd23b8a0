// Error handling in the server hooks: an oversized body (413) from an anonymous caller is a
// warning without a stack trace, a real failure is still an error with its stack, and the page
// for an error thrown by a hook carries the same security headers as every other response.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { error as httpError, type RequestEvent } from '@sveltejs/kit';
import { handleError } from '../../../src/hooks.server.ts';
import { secure } from '../../../src/lib/server/security-headers.ts';

function fakeEvent(path = '/login'): RequestEvent {
	return { url: new URL(`http://127.0.0.1${path}`), locals: { requestId: 'req-1', user: null, session: null, locale: 'en' } } as unknown as RequestEvent;
}

afterEach(() => vi.restoreAllMocks());

describe('handleError logging', () => {
	it('logs a 413 from an anonymous caller at warn, without a stack trace', () => {
		const lines: string[] = [];
		vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
		vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
		const tooLarge = new Error('Content-length of 99999999 exceeds limit of 524288 bytes.');
		handleError({ error: tooLarge, event: fakeEvent(), status: 413, message: 'Payload Too Large' });
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/ WARN /);
		expect(lines[0]).toContain('"status":413');
		expect(lines[0]).not.toMatch(/\bat .*\(|hooks-errors\.test/);
	});

	it('still logs a 500 as an error with its stack', () => {
		const lines: string[] = [];
		vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
		handleError({ error: new Error('boom'), event: fakeEvent(), status: 500, message: 'Internal Error' });
		expect(lines[0]).toMatch(/ ERROR /);
		expect(lines[0]).toContain('hooks-errors.test');
	});
});

describe('the fallback error page', () => {
	const expectSecured = (response: Response) => {
		expect(response.headers.get('x-frame-options')).toBe('DENY');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('referrer-policy')).toBe('no-referrer');
		expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
		expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
	};

	it('a hook that throws gets a page with the security headers, not a bare one', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		const response = await secure({
			event: fakeEvent(),
			resolve: async () => {
				throw new Error('database is locked <script>');
			}
		} as never);
		expect(response.status).toBe(500);
		expectSecured(response);
		const html = await response.text();
		expect(html).not.toContain('database is locked');
		expect(html).toContain('req-1');
	});

	it('an HTTP error thrown by a hook keeps its status and escapes its message', async () => {
		const response = await secure({
			event: fakeEvent(),
			resolve: async () => {
				httpError(413, 'too <b>big</b>');
			}
		} as never);
		expect(response.status).toBe(413);
		expectSecured(response);
		expect(await response.text()).toContain('too &#60;b&#62;big&#60;/b&#62;');
	});

	it('a redirect thrown by a hook is left to Kit', async () => {
		const { redirect } = await import('@sveltejs/kit');
		await expect(
			secure({
				event: fakeEvent(),
				resolve: async () => {
					redirect(303, '/login');
				}
			} as never)
		).rejects.toMatchObject({ status: 303 });
	});
});
