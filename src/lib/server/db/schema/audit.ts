// Kysely table types: the append-only audit log, its signed checkpoints and the console key that signs them.
// Columns exactly as stored; re-exported by ../schema.ts, which composes the Database type.
import type { Generated } from 'kysely';

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

export interface AuditCheckpointsTable {
	id: Generated<number>;
	entry_id: number;
	head_hash: string;
	signed_at: number;
	pubkey: string;
	signature: string;
}

export interface ConsoleKeyTable {
	id: number;
	pubkey: string;
	secret_sealed: string;
	created_at: number;
}
