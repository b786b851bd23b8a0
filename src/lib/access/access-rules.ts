// Answers from the roles table (roles-table.ts): may this role hold this permission, open this
// path, see this navigation entry; which paths are public or allowed before sign-in finishes;
// and which path a request is judged on. Pure and shared by the server hook, the guards and
// the browser's navigation; it must never decide anything the table does not say.
import { ACCOUNT_GATE_PATHS, AREAS, PERMISSION_ROLES, PUBLIC_PATHS, ROLES, type Area, type Permission, type PathRule, type Role } from './roles-table.ts';
import type { MessageKey } from '../i18n/index.ts';

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, permission: Permission): boolean {
	return PERMISSION_ROLES[permission].includes(role);
}

function matches(rule: PathRule, pathname: string): boolean {
	if (pathname === rule.path) return true;
	return rule.below && pathname.startsWith(rule.path.endsWith('/') ? rule.path : rule.path + '/');
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

export function isPublicPath(pathname: string): boolean {
	return PUBLIC_PATHS.some((rule) => matches(rule, pathname));
}

export function isAccountGatePath(pathname: string): boolean {
	return ACCOUNT_GATE_PATHS.some((rule) => matches(rule, pathname));
}

/** The area a path belongs to: the longest matching rule wins; null when none matches. */
export function areaOf(pathname: string): Area | null {
	let best: Area | null = null;
	for (const area of AREAS) {
		if (matches(area, pathname) && (!best || area.path.length > best.path.length)) best = area;
	}
	return best;
}

/**
 * Roles allowed on a signed-in path. A path in no area reaches no page (Kit answers 404), so
 * every role may ask for it; the route-coverage test keeps every real route inside an area.
 */
export function rolesFor(pathname: string): readonly Role[] {
	const area = areaOf(pathname);
	if (!area || area.permission === null) return ROLES;
	return PERMISSION_ROLES[area.permission];
}

export function canOpen(role: Role, pathname: string): boolean {
	return rolesFor(pathname).includes(role);
}

export interface NavEntry {
	href: string;
	label: MessageKey;
}

/** The navigation entries a role may open, in the table's order. */
export function navigationFor(role: Role): NavEntry[] {
	return AREAS.flatMap((area) => (area.nav !== null && canOpen(role, area.path) ? [{ href: area.path, label: area.nav }] : []));
}
