// Shapes of the signed-in user and the session as routes see them. Type-only module.
import type { Role } from '../../access/roles-table.ts';
import type { Locale } from '../../i18n/locales.ts';

export type { Role };

export interface SessionUser {
	id: number;
	name: string;
	role: Role;
	locale: Locale;
	theme: 'light' | 'dark' | 'system';
	mustChangePassword: boolean;
	totpEnabled: boolean;
}

export interface SessionRecord {
	id: string;
	userId: number;
	expiresAt: number;
	secondFactorVerified: boolean;
}
