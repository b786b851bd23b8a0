// Session lifecycle (Lucia maintainers' recipe): a random token in an HttpOnly cookie,
// only its SHA-256 stored; sliding 30-day expiry, 12 hours idle for operators; a new
// session on login and on privilege or password change. Never stores the raw token.
import type { Db } from '../db/index.ts';
import type { Role, SessionRecord, SessionUser } from './session-types.ts';
import { digestToken, generateToken } from './tokens.ts';
import { appendAudit } from '../audit/log.ts';
import type { PersonActor } from './actor.ts';
import { isLocale } from '../../i18n/locales.ts';

export const SESSION_COOKIE = 'mm_session';
export const DAY_MS = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY_MS;
export const OPERATOR_IDLE_MS = 12 * 60 * 60 * 1000;
/** Extend a session only when it has been used after this much of its life passed. */
const REFRESH_AFTER_MS = 60 * 1000;

export function lifetimeFor(role: Role): number {
	return role === 'operator' ? OPERATOR_IDLE_MS : SESSION_LIFETIME_MS;
}

export async function createSession(db: Db, user: { id: number; role: Role }, secondFactorVerified: boolean, now = Date.now()): Promise<{ token: string; session: SessionRecord }> {
	const token = generateToken();
	const session: SessionRecord = {
		id: digestToken(token),
		userId: user.id,
		expiresAt: now + lifetimeFor(user.role),
		secondFactorVerified
	};
	await db
		.insertInto('sessions')
		.values({
			id: session.id,
			user_id: user.id,
			created_at: now,
			last_seen_at: now,
			expires_at: session.expiresAt,
			second_factor_verified: secondFactorVerified ? 1 : 0
		})
		.execute();
	return { token, session };
}

export interface ValidSession {
	session: SessionRecord;
	user: SessionUser;
	/** True when the expiry moved and the cookie should be re-sent. */
	refreshed: boolean;
}

export async function validateSessionToken(db: Db, token: string, now = Date.now()): Promise<ValidSession | null> {
	if (!/^[a-z2-7]{16,64}$/.test(token)) return null;
	const id = digestToken(token);
	const row = await db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.id as sid',
			'sessions.expires_at',
			'sessions.last_seen_at',
			'sessions.second_factor_verified',
			'users.id as uid',
			'users.name',
			'users.role',
			'users.locale',
			'users.theme',
			'users.disabled',
			'users.must_change_password',
			'users.totp_key_sealed'
		])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	if (row.disabled || now >= row.expires_at) {
		await db.deleteFrom('sessions').where('id', '=', id).execute();
		return null;
	}
	const role = row.role as Role;
	let expiresAt = row.expires_at;
	let refreshed = false;
	if (now - row.last_seen_at >= REFRESH_AFTER_MS) {
		expiresAt = now + lifetimeFor(role);
		refreshed = true;
		await db.updateTable('sessions').set({ last_seen_at: now, expires_at: expiresAt }).where('id', '=', id).execute();
	}
	return {
		refreshed,
		session: { id, userId: row.uid, expiresAt, secondFactorVerified: row.second_factor_verified === 1 },
		user: {
			id: row.uid,
			name: row.name,
			role,
			locale: isLocale(row.locale) ? row.locale : 'en',
			theme: row.theme === 'light' || row.theme === 'dark' ? row.theme : 'system',
			mustChangePassword: row.must_change_password === 1,
			totpEnabled: row.totp_key_sealed !== null
		}
	};
}

export async function markSecondFactorVerified(db: Db, sessionId: string): Promise<void> {
	await db.updateTable('sessions').set({ second_factor_verified: 1 }).where('id', '=', sessionId).execute();
}

/** Signing out: the session `sessionId` ends and `logout` is audited, together. */
export async function signOut({ db }: { db: Db }, actor: PersonActor, sessionId: string): Promise<void> {
	await db.transaction().execute(async (tx) => {
		await invalidateSession(tx, sessionId);
		await appendAudit(tx, actor, { action: 'logout', subject: `user:${actor.userId}` });
	});
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(db: Db, userId: number): Promise<void> {
	await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
