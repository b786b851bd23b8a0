// Console accounts: create, change role, disable, reset password, change one's own
// password and preferences. Each change commits together with its audit entry.
// Never logs passwords; one-time passwords are returned once to the caller.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { appendAudit } from '../audit/log.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../auth/passwords.ts';
import { invalidateUserSessions } from '../auth/sessions.ts';
import { revokeUserApiTokens } from '../auth/api-tokens.ts';
import type { Role } from '../auth/session-types.ts';
import type { Backoff } from '../auth/rate-limit.ts';
import { Refusal } from '../errors.ts';
import { getUserById, getUserByName, insertUser, updateUser } from './repository.ts';
import type { Actor, PersonActor } from '../auth/actor.ts';
import type { Locale } from '../../i18n/locales.ts';

const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{1,39}$/u;

export function parseUserName(value: unknown): string {
	if (typeof value !== 'string' || !NAME_PATTERN.test(value.trim())) {
		throw new Refusal('invalid_input', 'users.error.name', { field: 'name' });
	}
	return value.trim();
}

export function assertAcceptablePassword(password: string, userName?: string): void {
	const problem = checkPasswordPolicy(password, userName);
	if (problem) throw new Refusal('weak_password', `password.error.${problem}`, { field: 'password' });
}

/** A password a person can type once: 4 groups of 4 letters and digits. */
export function generateOneTimePassword(): string {
	const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
	const chars = Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
	return chars.replace(/(.{4})(?=.)/g, '$1-');
}

export async function createUser({ db }: { db: Db }, actor: Actor, _subjectId: null, input: { name: string; role: Role; password?: string }, now = Date.now()): Promise<{ id: number; oneTimePassword: string | null }> {
	const name = parseUserName(input.name);
	if (await getUserByName(db, name)) throw new Refusal('conflict', 'users.error.taken', { field: 'name' });
	const oneTimePassword = input.password === undefined ? generateOneTimePassword() : null;
	const password = input.password ?? oneTimePassword ?? '';
	if (input.password !== undefined) assertAcceptablePassword(password, name);
	const passwordHash = await hashPassword(password);
	const id = await db.transaction().execute(async (tx) => {
		const userId = await insertUser(tx, { name, role: input.role, passwordHash, mustChangePassword: oneTimePassword !== null }, now);
		await appendAudit(tx, actor, { action: 'user.created', subject: `user:${userId}`, details: { name, role: input.role }, at: now });
		return userId;
	});
	return { id, oneTimePassword };
}

async function requireUser(db: Db, id: number) {
	const user = await getUserById(db, id);
	if (!user) throw new Refusal('not_found', 'users.error.not_found');
	return user;
}

export async function changeRole({ db }: { db: Db }, actor: Actor, userId: number, { role }: { role: Role }, now = Date.now()): Promise<void> {
	const user = await requireUser(db, userId);
	if (actor.userId === userId) throw new Refusal('not_authorized', 'users.error.self_role');
	if (user.role === role) return;
	await db.transaction().execute(async (tx) => {
		await updateUser(tx, userId, { role }, now);
		await invalidateUserSessions(tx, userId);
		await appendAudit(tx, actor, { action: 'user.role_changed', subject: `user:${userId}`, details: { name: user.name, from: user.role, to: role }, at: now });
	});
}

export async function setDisabled({ db }: { db: Db }, actor: Actor, userId: number, { disabled }: { disabled: boolean }, now = Date.now()): Promise<void> {
	const user = await requireUser(db, userId);
	if (actor.userId === userId) throw new Refusal('not_authorized', 'users.error.self_disable');
	await db.transaction().execute(async (tx) => {
		await updateUser(tx, userId, { disabled: disabled ? 1 : 0 }, now);
		if (disabled) await invalidateUserSessions(tx, userId);
		await appendAudit(tx, actor, { action: disabled ? 'user.disabled' : 'user.enabled', subject: `user:${userId}`, details: { name: user.name }, at: now });
	});
}

export async function resetPassword({ db }: { db: Db }, actor: Actor, userId: number, now = Date.now()): Promise<string> {
	const user = await requireUser(db, userId);
	const oneTimePassword = generateOneTimePassword();
	const passwordHash = await hashPassword(oneTimePassword);
	await db.transaction().execute(async (tx) => {
		await updateUser(tx, userId, { password_hash: passwordHash, must_change_password: 1 }, now);
		await invalidateUserSessions(tx, userId);
		const tokensRevoked = await revokeUserApiTokens(tx, userId, now);
		await appendAudit(tx, actor, { action: 'user.password_reset', subject: `user:${userId}`, details: { name: user.name, tokensRevoked }, at: now });
	});
	return oneTimePassword;
}

/** Changes one's own password after checking the current one; ends every session and revokes every API token of the user. */
export async function changeOwnPassword({ db, byAccount }: { db: Db; byAccount?: Backoff }, actor: PersonActor, _subjectId: null, { current, next }: { current: string; next: string }, now = Date.now()): Promise<void> {
	const { userId } = actor;
	const user = await requireUser(db, userId);
	// The sign-in per-account back-off applies, the attempt counted before the hash.
	const accountKey = user.name.trim().toLowerCase();
	if (byAccount) {
		const verdict = await byAccount.attempt(accountKey, now);
		if (!verdict.allowed) throw new Refusal('rate_limited', 'login.error.rate_limited', { params: { seconds: Math.ceil(verdict.retryAfterMs / 1000) } });
	}
	if (!(await verifyPassword(user.passwordHash, current))) {
		throw new Refusal('bad_credentials', 'password.error.current_wrong', { field: 'current' });
	}
	await byAccount?.succeed(accountKey);
	assertAcceptablePassword(next, user.name);
	if (next === current) throw new Refusal('weak_password', 'password.error.same', { field: 'password' });
	const passwordHash = await hashPassword(next);
	await db.transaction().execute(async (tx) => {
		await updateUser(tx, userId, { password_hash: passwordHash, must_change_password: 0 }, now);
		await invalidateUserSessions(tx, userId);
		const tokensRevoked = await revokeUserApiTokens(tx, userId, now);
		await appendAudit(tx, actor, { action: 'user.password_changed', subject: `user:${userId}`, details: { tokensRevoked }, at: now });
	});
}

/** The caller's own locale and theme (not audited: a display preference). */
export async function setPreferences({ db }: { db: Db }, actor: PersonActor, _subjectId: null, preferences: { locale?: Locale; theme?: 'light' | 'dark' | 'system' }, now = Date.now()): Promise<void> {
	await updateUser(db, actor.userId, preferences, now);
}
