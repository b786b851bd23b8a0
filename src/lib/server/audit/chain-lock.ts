// Serialises appends to the audit chain across replicas. SQLite has one writer at a time, so
// nothing is needed there; on PostgreSQL two transactions could read the same head and both try
// to extend it, so the append takes a transaction-level advisory lock first (released at commit
// or rollback). Never holds the lock outside the caller's transaction.
import { sql } from 'kysely';
import type { Tx } from '../db/index.ts';
import { isPostgres } from '../db/dialect.ts';
import { AUDIT_CHAIN_LOCK } from '../db/advisory-locks.ts';

export async function lockAuditChain(tx: Tx): Promise<void> {
	if (!isPostgres(tx)) return;
	await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK.toString()}::bigint)`.execute(tx);
}
