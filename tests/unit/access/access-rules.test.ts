// The access rules, table by table: every role against every console and API path (as route
// paths and as the raw, possibly percent-encoded request paths that reach them), every
// permission, the public and half-signed-in paths, and the navigation each role sees. The
// expectations are written out here, not derived from the roles table, so a change to the
// table must be made on purpose in both places.
import { describe, expect, it } from 'vitest';
import { accessPath, areaOf, can, canOpen, isAccountGatePath, isPublicPath, isRole, navigationFor, rolesFor } from '../../../src/lib/access/access-rules.ts';
import { ROLES, type Permission, type Role } from '../../../src/lib/access/roles-table.ts';

const ALL: readonly Role[] = ['operator', 'mediator', 'auditor'];
const OPERATOR: readonly Role[] = ['operator'];
const OVERSIGHT: readonly Role[] = ['operator', 'auditor'];
const MEDIATE: readonly Role[] = ['operator', 'mediator'];

/** Route id (as SvelteKit names it), a raw request path reaching it, and who may open it. */
const ROUTES: ReadonlyArray<readonly [routeId: string, raw: string, roles: readonly Role[]]> = [
	['/', '/', ALL],
	['/(console)/disputes', '/disputes', ALL],
	['/(console)/disputes', '/%64isputes', ALL],
	['/(console)/disputes/[id]', '/disputes/abc', ALL],
	['/(console)/disputes/[id]/attachments/[messageId]', '/disputes/abc/attachments/m1', ALL],
	['/(console)/disputes/[id]/evidence', '/disputes/abc/evidence', ALL],
	['/(console)/disputes/[id]/evidence/attachments/[eventId]', '/disputes/abc/evidence/attachments/e1', ALL],
	['/(console)/disputes/[id]/evidence/export', '/disputes/abc/evidence/export', ALL],
	['/(console)/shift', '/shift', MEDIATE],
	['/(console)/shift', '/%73hift', MEDIATE],
	['/(console)/account', '/account', ALL],
	['/(console)/account/password', '/account/password', ALL],
	['/(console)/account/two-factor', '/account/two-factor', ALL],
	['/notices', '/notices', ALL],
	['/logout', '/logout', ALL],
	['/(console)/solvers', '/solvers', OPERATOR],
	['/(console)/solvers', '/%73olvers', OPERATOR],
	['/(console)/settings', '/settings', OPERATOR],
	['/(console)/settings', '/%73ettings', OPERATOR],
	['/(console)/settings', '/%73%65%74tings', OPERATOR],
	['/(console)/users', '/users', OPERATOR],
	['/(console)/users', '/%75sers', OPERATOR],
	['/(console)/users', '/%75%73%65%72%73', OPERATOR],
	['/(console)/audit', '/audit', OVERSIGHT],
	['/(console)/audit', '/%61udit', OVERSIGHT],
	['/(console)/reports', '/reports', OVERSIGHT],
	['/(console)/reports', '/%72eports', OVERSIGHT],
	['/(console)/reports/export.csv', '/reports/export.csv', OVERSIGHT],
	['/(console)/reports/export.csv', '/reports/export%2Ecsv', OVERSIGHT],
	['/api/live', '/api/live', ALL],
	['/api/live', '/%61pi/live', ALL],
	['/api/v1/disputes', '/api/v1/disputes', ALL],
	['/api/v1/disputes/[id]', '/api/v1/disputes/abc', ALL],
	['/api/v1/disputes/[id]/decision', '/api/v1/disputes/abc/decision', ALL],
	['/api/v1/disputes/[id]/escrow', '/api/v1/disputes/abc/escrow', ALL]
];

describe('every role on every route', () => {
	for (const [routeId, raw, allowed] of ROUTES) {
		for (const role of ALL) {
			const expected = allowed.includes(role);
			it(`${role} ${expected ? 'may' : 'may not'} open ${raw} (${routeId})`, () => {
				expect(canOpen(role, accessPath(routeId, raw))).toBe(expected);
			});
		}
	}

	it('judges a request with no matching route on its decoded path', () => {
		for (const role of ALL) {
			expect(canOpen(role, accessPath(null, '/%75sers/7'))).toBe(role === 'operator');
			expect(canOpen(role, accessPath(null, '/%61udit/x'))).toBe(role !== 'mediator');
		}
	});

	it('would let a raw encoded path through if the hook skipped accessPath', () => {
		// Why the hook decides on the route id: the raw path matches no section.
		expect(canOpen('mediator', '/%75sers')).toBe(true);
		expect(canOpen('mediator', accessPath('/(console)/users', '/%75sers'))).toBe(false);
	});

	it('matches areas on whole segments only', () => {
		expect(areaOf('/usersettings')).toBeNull();
		expect(areaOf('/users/7')?.path).toBe('/users');
		expect(areaOf('/api/v1')?.path).toBe('/api/v1');
		expect(areaOf('/api/v10')).toBeNull();
		expect(rolesFor('/usersettings')).toEqual(ROLES);
	});

	it('lets every role ask for a path no route serves (Kit answers 404)', () => {
		for (const role of ALL) expect(canOpen(role, '/no-such-page')).toBe(true);
	});
});

describe('accessPath', () => {
	it('uses the route id without group segments', () => {
		expect(accessPath('/(console)/users', '/%75sers')).toBe('/users');
		expect(accessPath('/(console)/disputes/[id]/evidence', '/disputes/7/evidence')).toBe('/disputes/[id]/evidence');
		expect(accessPath('/(console)', '/')).toBe('/');
		expect(accessPath('/', '/')).toBe('/');
		expect(accessPath('/api/live', '/%61pi/live')).toBe('/api/live');
	});

	it('decodes the path when no route matches, and keeps a malformed one', () => {
		expect(accessPath(null, '/%75sers/x')).toBe('/users/x');
		expect(accessPath(null, '/%E0%A4%A')).toBe('/%E0%A4%A');
		expect(accessPath(null, '/%')).toBe('/%');
	});
});

const PERMISSIONS: ReadonlyArray<readonly [Permission, readonly Role[]]> = [
	['manage_users', OPERATOR],
	['manage_settings', OPERATOR],
	['manage_solvers', OPERATOR],
	['read_audit', OVERSIGHT],
	['read_reports', OVERSIGHT],
	['mediate', ['operator', 'mediator']]
];

describe('every role and every permission', () => {
	for (const [permission, allowed] of PERMISSIONS) {
		for (const role of ALL) {
			it(`${role} ${allowed.includes(role) ? 'holds' : 'lacks'} ${permission}`, () => {
				expect(can(role, permission)).toBe(allowed.includes(role));
			});
		}
	}
});

describe('public and half-signed-in paths', () => {
	const cases: ReadonlyArray<readonly [path: string, isPublic: boolean, isGate: boolean]> = [
		['/login', true, false],
		['/login/two-factor', true, true],
		['/setup', true, false],
		['/locale', true, false],
		['/_app/immutable/entry/start.js', true, false],
		['/favicon.svg', true, false],
		['/robots.txt', true, false],
		['/logout', false, true],
		['/account/password', false, true],
		['/account', false, false],
		['/account/two-factor', false, false],
		['/loginx', false, false],
		['/setup/x', false, false],
		['/', false, false],
		['/disputes', false, false],
		['/api/live', false, false],
		['/api/v1/disputes', false, false],
		// Regression: listed as public although no route served it.
		['/api/health', false, false]
	];
	for (const [path, isPublic, isGate] of cases) {
		it(`${path}: ${isPublic ? 'public' : 'signed in'}${isGate ? ', open before sign-in finishes' : ''}`, () => {
			expect(isPublicPath(path)).toBe(isPublic);
			expect(isAccountGatePath(path)).toBe(isGate);
		});
	}

	it('judges a public route by its route id too', () => {
		expect(isPublicPath(accessPath('/login/two-factor', '/login/two-factor'))).toBe(true);
		expect(isPublicPath(accessPath('/login', '/%6Cogin'))).toBe(true);
	});
});

describe('navigation', () => {
	const expected: Record<Role, string[]> = {
		operator: ['/disputes', '/shift', '/solvers', '/audit', '/reports', '/settings', '/users'],
		mediator: ['/disputes', '/shift'],
		auditor: ['/disputes', '/audit', '/reports']
	};
	for (const role of ALL) {
		it(`${role} sees exactly the sections it may open`, () => {
			const entries = navigationFor(role);
			expect(entries.map((entry) => entry.href)).toEqual(expected[role]);
			for (const entry of entries) expect(canOpen(role, entry.href)).toBe(true);
			for (const hidden of expected.operator.filter((href) => !expected[role].includes(href))) expect(canOpen(role, hidden)).toBe(false);
		});
	}

	it('labels each entry with its nav key', () => {
		expect(navigationFor('operator').map((entry) => entry.label)).toEqual(['nav.disputes', 'nav.shift', 'nav.solvers', 'nav.audit', 'nav.reports', 'nav.settings', 'nav.users']);
	});
});

describe('isRole', () => {
	it('accepts the three roles only', () => {
		for (const role of ALL) expect(isRole(role)).toBe(true);
		for (const value of ['Operator', 'admin', '', ' mediator', null, undefined, 1, {}]) expect(isRole(value)).toBe(false);
		expect([...ROLES]).toEqual(ALL);
	});
});
