// Which roles may open which part of the console (PRODUCT.md "Who does what").
// The hook enforces this for every request; actions re-check with `can`.
import type { Role } from './session-types.ts';

export const ROLES: readonly Role[] = ['operator', 'mediator', 'auditor'];

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The path access is decided on: the matched route's id without its `(group)` segments
 * (`/(console)/users` -> `/users`, `/disputes/[id]` stays), so a percent-encoded request path
 * (`/%75sers`) is judged as the route it reaches. With no matching route, the decoded path.
 */
export function accessPath(routeId: string | null, pathname: string): string {
	if (routeId !== null) {
		const path = routeId
			.split('/')
			.filter((segment) => !/^\(.*\)$/.test(segment))
			.join('/');
		return path.startsWith('/') ? path : '/' + path;
	}
	try {
		return decodeURIComponent(pathname);
	} catch {
		return pathname;
	}
}

/** Paths anyone may open, signed in or not. */
export function isPublicPath(pathname: string): boolean {
	return (
		pathname === '/login' ||
		pathname.startsWith('/login/') ||
		pathname === '/setup' ||
		pathname === '/locale' ||
		pathname === '/api/health' ||
		pathname.startsWith('/_app/') ||
		pathname === '/favicon.svg' ||
		pathname === '/robots.txt'
	);
}

/** Paths a signed-in user may open before finishing the second factor or a forced password change. */
export function isAccountGatePath(pathname: string): boolean {
	return pathname === '/logout' || pathname === '/account/password' || pathname === '/login/two-factor';
}

const SECTION_ROLES: ReadonlyArray<readonly [prefix: string, roles: readonly Role[]]> = [
	['/users', ['operator']],
	['/solvers', ['operator']],
	['/settings', ['operator']],
	['/audit', ['operator', 'auditor']],
	['/reports', ['operator', 'auditor']]
];

/** Roles allowed on a console path; every signed-in role for anything not listed. */
export function rolesFor(pathname: string): readonly Role[] {
	for (const [prefix, roles] of SECTION_ROLES) {
		if (pathname === prefix || pathname.startsWith(prefix + '/')) return roles;
	}
	return ROLES;
}

export function canOpen(role: Role, pathname: string): boolean {
	return rolesFor(pathname).includes(role);
}

export type Permission = 'manage_users' | 'manage_settings' | 'manage_solvers' | 'read_audit' | 'read_reports' | 'mediate';

const PERMISSIONS: Record<Permission, readonly Role[]> = {
	manage_users: ['operator'],
	manage_settings: ['operator'],
	manage_solvers: ['operator'],
	read_audit: ['operator', 'auditor'],
	read_reports: ['operator', 'auditor'],
	mediate: ['operator', 'mediator']
};

export function can(role: Role, permission: Permission): boolean {
	return PERMISSIONS[permission].includes(role);
}
