// Why a role may not open a path, read from the roles table (roles-table.ts): the area's
// navigation label, the permission it needs and the roles holding that permission. The 403 page
// says this in words instead of a bare "no access". Pure and shared; it never grants anything.
import { areaOf } from './access-rules.ts';
import { PERMISSION_ROLES, type Permission, type Role } from './roles-table.ts';
import type { MessageKey } from '../i18n/index.ts';

export interface Refusal {
	/** The area's navigation label (`nav.users`), null for an area without an entry. */
	area: MessageKey | null;
	permission: Permission;
	/** The roles that may open the path. */
	allowed: readonly Role[];
}

/** The refusal for `role` on `pathname`, or null when the role may open it or no rule explains it. */
export function explainRefusal(role: Role, pathname: string): Refusal | null {
	const area = areaOf(pathname);
	if (!area || area.permission === null) return null;
	const allowed = PERMISSION_ROLES[area.permission];
	if (allowed.includes(role)) return null;
	return { area: area.nav, permission: area.permission, allowed };
}

/** A path from the 403 page's `from` query, or null when it is not a plain console path. */
export function parseRefusedPath(value: string | null): string | null {
	if (value === null || value.length > 300 || !value.startsWith('/') || value.startsWith('//')) return null;
	return value;
}
