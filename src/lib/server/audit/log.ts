// Appends to the hash-chained audit log inside the caller's transaction, so the
// entry and the change it records commit or roll back together. Never writes secrets:
// callers pass details that are safe to show to an auditor.
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { AuditLogTable } from '../db/schema.ts';
import { GENESIS_HASH, hashEntry, type ChainedEntry } from './hash-chain.ts';
import { noteAuditAction } from './checkpoint-schedule.ts';
import { lockAuditChain } from './chain-lock.ts';
import { auditIdentity, type Actor } from '../auth/actor.ts';

export interface AuditInput {
	action: string;
	subject?: string | null;
	details?: Record<string, unknown>;
	at?: number;
}

export async function appendAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<ChainedEntry> {
	await lockAuditChain(tx);
	const last = await tx.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
	const entry = {
		id: (last?.id ?? 0) + 1,
		at: input.at ?? Date.now(),
		...auditIdentity(actor),
		action: input.action,
		subject: input.subject ?? null,
		details: JSON.stringify(input.details ?? {}),
		prevHash: last?.hash ?? GENESIS_HASH
	};
	const hash = hashEntry(entry);
	await tx
		.insertInto('audit_log')
		.values({
			id: entry.id,
			at: entry.at,
			actor_user_id: entry.actorUserId,
			actor: entry.actor,
			action: entry.action,
			subject: entry.subject,
			details: entry.details,
			prev_hash: entry.prevHash,
			hash
		})
		.execute();
	noteAuditAction(entry.action);
	return { ...entry, hash };
}

/** For callers with no other change to make: the audit entry is the whole transaction. */
export function recordAudit(db: Db, actor: Actor, input: AuditInput): Promise<ChainedEntry> {
	return db.transaction().execute((tx) => appendAudit(tx, actor, input));
}

export function toChainedEntry(row: Selectable<AuditLogTable>): ChainedEntry {
	return {
		id: row.id,
		at: row.at,
		actorUserId: row.actor_user_id,
		actor: row.actor,
		action: row.action,
		subject: row.subject,
		details: row.details,
		prevHash: row.prev_hash,
		hash: row.hash
	};
}

export async function listAuditEntries(db: Db, limit = 100): Promise<ChainedEntry[]> {
	const rows = await db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
	return rows.map(toChainedEntry);
}
