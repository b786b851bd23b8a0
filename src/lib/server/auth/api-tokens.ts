// API tokens for the automation API (PRODUCT.md capability 12): created per user on their
// account page and shown once, only their SHA-256 stored, revocable, and audited (created /
// revoked; all of a user's tokens on a password change or reset). A bearer token authenticates as its user while the user is not disabled. Must never
// store or log a token in clear.
import type { Db } from '../db/index.ts';
import type { Role, SessionRecord, SessionUser } from './session-types.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { digestToken, generateToken } from './tokens.ts';
import type { PersonActor } from './actor.ts';
import { isLocale } from '../../i18n/locales.ts';

const PREFIX = 'mmt_';
const MAX_TOKENS_PER_USER = 20;

export interface ApiTokenSummary {
	id: number;
	name: string;
	createdAt: number;
	lastUsedAt: number | null;
}

/** Returns the token itself; this is the only time it exists outside the caller's hands. */
export async function createApiToken({ db }: { db: Db }, user: PersonActor, _subjectId: null, { name }: { name: string }, now = Date.now()): Promise<{ id: number; token: string }> {
	const label = name.trim();
	if (label.length < 1 || label.length > 60) throw new Refusal('invalid_input', 'token.error.name', { field: 'name' });
	const token = PREFIX + generateToken(32);
	const id = await db.transaction().execute(async (tx) => {
		const live = await tx
			.selectFrom('api_tokens')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('user_id', '=', user.userId)
			.where('revoked_at', 'is', null)
			.executeTakeFirstOrThrow();
		if (Number(live.n) >= MAX_TOKENS_PER_USER) throw new Refusal('conflict', 'token.error.too_many');
		const row = await tx
			.insertInto('api_tokens')
			.values({ user_id: user.userId, name: label, token_hash: digestToken(token), created_at: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		await appendAudit(tx, user, { action: 'api_token.created', subject: `user:${user.userId}`, details: { tokenId: row.id, name: label }, at: now });
		return row.id;
	});
	return { id, token };
}

/** Revokes every live token of a user (inside the caller's transaction); returns how many. */
export async function revokeUserApiTokens(db: Db, userId: number, now = Date.now()): Promise<number> {
	const changed = await db.updateTable('api_tokens').set({ revoked_at: now }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
	return Number(changed.numUpdatedRows);
}

export async function listApiTokens(db: Db, userId: number): Promise<ApiTokenSummary[]> {
	const rows = await db.selectFrom('api_tokens').select(['id', 'name', 'created_at', 'last_used_at']).where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
	return rows.map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at }));
}

export async function revokeApiToken({ db }: { db: Db }, user: PersonActor, tokenId: number, now = Date.now()): Promise<void> {
	await db.transaction().execute(async (tx) => {
		const changed = await tx.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', tokenId).where('user_id', '=', user.userId).where('revoked_at', 'is', null).executeTakeFirst();
		if (Number(changed.numUpdatedRows) !== 1) throw new Refusal('not_found', 'token.error.not_found');
		await appendAudit(tx, user, { action: 'api_token.revoked', subject: `user:${user.userId}`, details: { tokenId }, at: now });
	});
}

/** The user a bearer token stands for, or null (unknown, revoked, or the user disabled). */
export async function authenticateApiToken(db: Db, token: string, now = Date.now()): Promise<{ user: SessionUser; session: SessionRecord } | null> {
	if (!token.startsWith(PREFIX) || token.length > 120) return null;
	const hash = digestToken(token);
	const row = await db
		.selectFrom('api_tokens')
		.innerJoin('users', 'users.id', 'api_tokens.user_id')
		.select(['api_tokens.id as tid', 'api_tokens.last_used_at', 'users.id as uid', 'users.name', 'users.role', 'users.locale', 'users.theme', 'users.disabled', 'users.must_change_password', 'users.totp_key_sealed'])
		.where('api_tokens.token_hash', '=', hash)
		.where('api_tokens.revoked_at', 'is', null)
		.executeTakeFirst();
	if (!row || row.disabled) return null;
	if (row.last_used_at === null || now - row.last_used_at > 60_000) await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.tid).execute();
	return {
		// The token was created after a full sign-in (second factor included).
		session: { id: `api:${row.tid}`, userId: row.uid, expiresAt: Number.MAX_SAFE_INTEGER, secondFactorVerified: true },
		user: {
			id: row.uid,
			name: row.name,
			role: row.role as Role,
			locale: isLocale(row.locale) ? row.locale : 'en',
			theme: row.theme === 'light' || row.theme === 'dark' ? row.theme : 'system',
			mustChangePassword: row.must_change_password === 1,
			totpEnabled: row.totp_key_sealed !== null
		}
	};
}
