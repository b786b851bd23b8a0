// Shapes of the signed-in user and the session as routes see them. Type-only module.
export type Role = 'operator' | 'mediator' | 'auditor';

export interface SessionUser {
	id: number;
	name: string;
	role: Role;
	locale: 'en' | 'es';
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
