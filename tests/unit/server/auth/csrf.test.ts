import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest } from '../../../../src/lib/server/auth/csrf.ts';

const url = new URL('http://127.0.0.1:5173/login');
const post = (headers: Record<string, string>) => new Request(url, { method: 'POST', headers });

describe('cross-site request check', () => {
	it('lets safe methods through', () => {
		expect(isCrossSiteRequest(new Request(url, { headers: { origin: 'http://evil.example' } }), url)).toBe(false);
	});

	it('accepts the same origin and refuses another', () => {
		expect(isCrossSiteRequest(post({ origin: 'http://127.0.0.1:5173' }), url)).toBe(false);
		expect(isCrossSiteRequest(post({ origin: 'http://evil.example' }), url)).toBe(true);
		expect(isCrossSiteRequest(post({ origin: 'http://127.0.0.1:5174' }), url)).toBe(true);
	});

	it('accepts a null origin only when the browser says same-origin', () => {
		expect(isCrossSiteRequest(post({ origin: 'null', 'sec-fetch-site': 'same-origin' }), url)).toBe(false);
		expect(isCrossSiteRequest(post({ origin: 'null', 'sec-fetch-site': 'cross-site' }), url)).toBe(true);
		expect(isCrossSiteRequest(post({ origin: 'null' }), url)).toBe(true);
		expect(isCrossSiteRequest(post({}), url)).toBe(true);
	});

	it('does not apply to API-token requests, which carry no cookies', () => {
		expect(isCrossSiteRequest(post({ authorization: 'Bearer abc' }), url)).toBe(false);
	});
});
