// Kysely table types: console users and what signs them in: accounts, recovery codes, sessions, the one-time setup
// link, API tokens, per-user notices and the limits shared by all replicas (migrations 001, 008, 015, 016).
// Columns exactly as stored; re-exported by ../schema.ts, which composes the Database type.
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
	/** The newest TOTP time step accepted (008); null before the first code. */
	totp_last_step: number | null;
	/** When the user dismissed the sandbox's newcomer guide on the board (016); null while it is shown. */
	newcomer_guide_dismissed_at: number | null;
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

export interface ApiTokensTable {
	id: Generated<number>;
	user_id: number;
	name: string;
	token_hash: string;
	created_at: number;
	last_used_at: number | null;
	revoked_at: number | null;
}

export interface UserNoticesTable {
	id: Generated<number>;
	user_id: number;
	kind: string;
	dispute_id: string | null;
	details: Generated<string>;
	created_at: number;
	read_at: number | null;
}

/** Failure back-off shared by all replicas (015): one row per limiter scope and key. */
export interface AuthBackoffTable {
	scope: string;
	key: string;
	failures: number;
	blocked_until: number;
	last_failure: number;
}

/** The automation API's token buckets, shared by all replicas (015). */
export interface ApiRateBucketsTable {
	key: string;
	tokens: number;
	at: number;
}
