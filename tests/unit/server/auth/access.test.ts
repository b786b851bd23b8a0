// Access is decided on the route reached, not the raw request path: a percent-encoded
// path (`/%75sers`) must be judged as `/users`.
import { describe, expect, it } from 'vitest';
import { accessPath, canOpen, isPublicPath } from '../../../../src/lib/server/auth/access.ts';

describe('accessPath', () => {
	it('uses the route id without group segments', () => {
		expect(accessPath('/(console)/users', '/%75sers')).toBe('/users');
		expect(accessPath('/(console)/disputes/[id]/evidence', '/disputes/7/evidence')).toBe('/disputes/[id]/evidence');
		expect(accessPath('/(console)', '/')).toBe('/');
		expect(accessPath('/', '/')).toBe('/');
		expect(accessPath('/api/live', '/%61pi/live')).toBe('/api/live');
	});

	it('refuses a mediator on an encoded operator path', () => {
		for (const [routeId, raw] of [
			['/(console)/users', '/%75sers'],
			['/(console)/settings', '/%73ettings'],
			['/(console)/audit', '/%61udit']
		] as const) {
			expect(canOpen('mediator', raw)).toBe(true); // the raw path matches no section
			expect(canOpen('mediator', accessPath(routeId, raw))).toBe(false);
		}
		expect(canOpen('operator', accessPath('/(console)/users', '/%75sers'))).toBe(true);
	});

	it('decodes the path when no route matches, and keeps a malformed one', () => {
		expect(accessPath(null, '/%75sers/x')).toBe('/users/x');
		expect(accessPath(null, '/%E0%A4%A')).toBe('/%E0%A4%A');
		expect(isPublicPath(accessPath('/login/two-factor', '/login/two-factor'))).toBe(true);
	});
});
