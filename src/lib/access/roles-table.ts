// The console's one roles table (PRODUCT.md "Who does what"): which role holds which
// permission, which console area each permission opens (and the navigation entry it shows),
// and which paths need no role at all. The server hook, every action guard, the API guard and
// the browser's navigation all read this table, so it is shared code: data only, no I/O, and
// never anything secret (it is bundled for the browser).
import type { MessageKey } from '../i18n/index.ts';

export const ROLES = ['operator', 'mediator', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export type Permission = 'manage_users' | 'manage_settings' | 'manage_solvers' | 'read_audit' | 'read_reports' | 'mediate';

/** Who holds each permission; actions and API endpoints check these. */
export const PERMISSION_ROLES: Readonly<Record<Permission, readonly Role[]>> = {
	manage_users: ['operator'],
	manage_settings: ['operator'],
	manage_solvers: ['operator'],
	read_audit: ['operator', 'auditor'],
	read_reports: ['operator', 'auditor'],
	mediate: ['operator', 'mediator']
};

/**
 * A path rule: `path` itself and, with `below`, every path under it (`/users` covers
 * `/users/7`). Paths are route paths without `(group)` segments, e.g. `/disputes/[id]`.
 */
export interface PathRule {
	path: string;
	below: boolean;
}

/**
 * A part of the console a signed-in user may open: with `permission` only the roles holding
 * it, with `null` every role. `nav` is its entry in the console navigation, in this order.
 */
export interface Area extends PathRule {
	permission: Permission | null;
	nav: MessageKey | null;
}

export const AREAS: readonly Area[] = [
	{ path: '/disputes', below: true, permission: null, nav: 'nav.disputes' },
	{ path: '/shift', below: false, permission: 'mediate', nav: 'nav.shift' },
	{ path: '/solvers', below: true, permission: 'manage_solvers', nav: 'nav.solvers' },
	{ path: '/audit', below: true, permission: 'read_audit', nav: 'nav.audit' },
	{ path: '/reports', below: true, permission: 'read_reports', nav: 'nav.reports' },
	{ path: '/settings', below: true, permission: 'manage_settings', nav: 'nav.settings' },
	{ path: '/users', below: true, permission: 'manage_users', nav: 'nav.users' },
	{ path: '/', below: false, permission: null, nav: null },
	{ path: '/account', below: true, permission: null, nav: null },
	{ path: '/notices', below: false, permission: null, nav: null },
	// The 403 page the access hook renders for a refused page (it explains the refusal only).
	{ path: '/forbidden', below: false, permission: null, nav: null },
	{ path: '/logout', below: false, permission: null, nav: null },
	{ path: '/api/live', below: false, permission: null, nav: null },
	// Every role may read through the API; each write endpoint checks its permission.
	{ path: '/api/v1', below: true, permission: null, nav: null }
];

/** Paths anyone may open, signed in or not: sign-in, first setup, the language switch, assets, health probes. */
export const PUBLIC_PATHS: readonly PathRule[] = [
	{ path: '/login', below: true },
	{ path: '/setup', below: false },
	{ path: '/locale', below: false },
	{ path: '/_app', below: true },
	{ path: '/favicon.svg', below: false },
	{ path: '/robots.txt', below: false },
	{ path: '/healthz', below: false },
	{ path: '/readyz', below: false }
];

/** Paths a signed-in user may open before finishing the second factor or a forced password change. */
export const ACCOUNT_GATE_PATHS: readonly PathRule[] = [
	{ path: '/logout', below: false },
	{ path: '/account/password', below: false },
	{ path: '/login/two-factor', below: false }
];
