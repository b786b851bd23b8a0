// Reads and writes of the `users` table, mapped to camelCase. No policy here:
// the account service decides who may do what and audits it.
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.ts';
import type { UsersTable } from '../db/schema.ts';
import type { Role } from '../auth/session-types.ts';
import { isLocale, type Locale } from '../../i18n/locales.ts';

export interface UserRow {
	id: number;
	name: string;
	role: Role;
	passwordHash: string;
	mustChangePassword: boolean;
	disabled: boolean;
	locale: Locale;
	theme: 'light' | 'dark' | 'system';
	totpKeySealed: string | null;
	totpLastStep: number | null;
	createdAt: number;
}

export type UserSummary = Omit<UserRow, 'passwordHash' | 'totpKeySealed' | 'totpLastStep'> & { totpEnabled: boolean };

function toUserRow(row: Selectable<UsersTable>): UserRow {
	return {
		id: row.id,
		name: row.name,
		role: row.role as Role,
		passwordHash: row.password_hash,
		mustChangePassword: row.must_change_password === 1,
		disabled: row.disabled === 1,
		locale: isLocale(row.locale) ? row.locale : 'en',
		theme: row.theme === 'light' || row.theme === 'dark' ? row.theme : 'system',
		totpKeySealed: row.totp_key_sealed,
		totpLastStep: row.totp_last_step ?? null,
		createdAt: row.created_at
	};
}

export function summarizeUser(user: UserRow): UserSummary {
	const { passwordHash: _hash, totpKeySealed, totpLastStep: _step, ...rest } = user;
	return { ...rest, totpEnabled: totpKeySealed !== null };
}

export async function countUsers(db: Db): Promise<number> {
	const row = await db
		.selectFrom('users')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function getUserById(db: Db, id: number): Promise<UserRow | null> {
	const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? toUserRow(row) : null;
}

export async function getUserByName(db: Db, name: string): Promise<UserRow | null> {
	const row = await db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
	return row ? toUserRow(row) : null;
}

export async function listUsers(db: Db): Promise<UserSummary[]> {
	const rows = await db.selectFrom('users').selectAll().orderBy('name').execute();
	return rows.map((row) => summarizeUser(toUserRow(row)));
}

export async function insertUser(db: Db, user: { name: string; role: Role; passwordHash: string; mustChangePassword: boolean; locale?: Locale }, now: number): Promise<number> {
	const result = await db
		.insertInto('users')
		.values({
			name: user.name,
			role: user.role,
			password_hash: user.passwordHash,
			must_change_password: user.mustChangePassword ? 1 : 0,
			locale: user.locale ?? 'en',
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return result.id;
}

export type UserPatch = Partial<{
	role: Role;
	password_hash: string;
	must_change_password: number;
	disabled: number;
	locale: Locale;
	theme: 'light' | 'dark' | 'system';
	totp_key_sealed: string | null;
	totp_last_step: number | null;
}>;

export async function updateUser(db: Db, id: number, patch: UserPatch, now: number): Promise<void> {
	await db
		.updateTable('users')
		.set({ ...patch, updated_at: now })
		.where('id', '=', id)
		.execute();
}
