// Kysely table types: the columns exactly as stored (snake_case, integers for booleans
// and epoch milliseconds). Repositories map these rows to camelCase domain types.
import type { Generated } from 'kysely';

export interface UsersTable {
	id: Generated<number>;
	name: string;
	role: string;
	password_hash: string;
	must_change_password: Generated<number>;
	disabled: Generated<number>;
	locale: Generated<string>;
	theme: Generated<string>;
	totp_key_sealed: string | null;
	created_at: number;
	updated_at: number;
}

export interface RecoveryCodesTable {
	id: Generated<number>;
	user_id: number;
	code_hash: string;
	used_at: number | null;
}

export interface SessionsTable {
	id: string;
	user_id: number;
	created_at: number;
	last_seen_at: number;
	expires_at: number;
	second_factor_verified: Generated<number>;
}

export interface SetupTokensTable {
	token_hash: string;
	expires_at: number;
	used_at: number | null;
}

export interface SettingsTable {
	key: string;
	value: string;
	updated_at: number;
	updated_by: number | null;
}

export interface AuditLogTable {
	id: Generated<number>;
	at: number;
	actor_user_id: number | null;
	actor: string;
	action: string;
	subject: string | null;
	details: string;
	prev_hash: string;
	hash: string;
}

export interface Database {
	users: UsersTable;
	recovery_codes: RecoveryCodesTable;
	sessions: SessionsTable;
	setup_tokens: SetupTokensTable;
	settings: SettingsTable;
	audit_log: AuditLogTable;
}
