import { describe, expect, it } from 'vitest';
import { safeRedirectPath } from '../../../src/lib/server/safe-redirect.ts';

describe('safeRedirectPath', () => {
	it('keeps same-origin paths with their query', () => {
		expect(safeRedirectPath('/disputes/7?tab=chat')).toBe('/disputes/7?tab=chat');
		expect(safeRedirectPath('/audit')).toBe('/audit');
	});

	it('refuses a tab or newline that a browser strips into a protocol-relative URL', () => {
		expect(safeRedirectPath(decodeURIComponent('%2F%09%2Fevil.example%2Fpwned'))).toBe('/disputes');
		expect(safeRedirectPath('/\n/evil.example')).toBe('/disputes');
		expect(safeRedirectPath('/\r/evil.example')).toBe('/disputes');
		expect(safeRedirectPath('/ /evil.example')).toBe('/disputes');
		expect(safeRedirectPath('/\u0000/evil.example')).toBe('/disputes');
	});

	it('refuses other hosts, schemes and backslash tricks', () => {
		for (const value of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/\\/evil.example', 'evil', '', null, 42]) {
			expect(safeRedirectPath(value)).toBe('/disputes');
		}
	});
});
