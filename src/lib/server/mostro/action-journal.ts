// The action journal (ARCHITECTURE "Reliability rules"): one row per message sent to the
// node, written before it is published, then moved to acknowledged, refused (CantDo reason
// kept), no-answer (time-out) or reconciled (public events proved the outcome). Rows that
// already ended are never moved again.
import { randomInt } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { ActionJournalTable } from '../db/schema.ts';
import type { PublishReceipt } from '../relays/relay-connection.ts';

/** `queued`: handed to the engine leader by a replica that does not lead (journal-hand-off.ts), not yet published. */
export type JournalState = 'queued' | 'sent' | 'acknowledged' | 'refused' | 'no-answer' | 'reconciled';
export type JournalRow = Selectable<ActionJournalTable>;

/** Open rows: a reply or a public event may still settle them. */
export const OPEN_STATES: readonly JournalState[] = ['sent', 'no-answer'];

/** Open rows of these actions on a dispute, untouched since `before` (the resenders' scan), oldest first. */
export function listStaleOpenRows(db: Db, actions: readonly string[], before: number): Promise<JournalRow[]> {
	return db.selectFrom('action_journal').selectAll().where('action', 'in', actions).where('state', 'in', OPEN_STATES).where('dispute_id', 'is not', null).where('updated_at', '<', before).orderBy('created_at').execute();
}

/** A fresh request id (the daemon echoes it; u64 on the wire, kept within JS-safe integers). */
export function newRequestId(): number {
	return randomInt(1, 2 ** 47);
}

export interface NewJournalEntry {
	requestId: number;
	action: string;
	disputeId: string | null;
	orderId: string | null;
	actorUserId: number | null;
	signerPubkey: string;
	eventId: string;
	details?: Record<string, unknown>;
}

export async function insertJournalEntry(db: Db, entry: NewJournalEntry, now: number): Promise<void> {
	await db
		.insertInto('action_journal')
		.values({
			request_id: entry.requestId,
			action: entry.action,
			dispute_id: entry.disputeId,
			order_id: entry.orderId,
			actor_user_id: entry.actorUserId,
			signer_pubkey: entry.signerPubkey,
			event_id: entry.eventId,
			state: 'sent',
			details: JSON.stringify(entry.details ?? {}),
			created_at: now,
			updated_at: now
		})
		.execute();
}

/** The event now carrying the request (re-stamped because no relay could be reached with the last one). */
export async function setJournalEvent(db: Db, requestId: number, eventId: string, now: number): Promise<void> {
	await db.updateTable('action_journal').set({ event_id: eventId, updated_at: now }).where('request_id', '=', requestId).execute();
}

export async function recordReceipts(db: Db, requestId: number, receipts: PublishReceipt[], now: number): Promise<void> {
	await db
		.updateTable('action_journal')
		.set({ receipts: JSON.stringify(receipts), updated_at: now })
		.where('request_id', '=', requestId)
		.execute();
}

/** Moves an open row to `state`; returns false when the row had already ended (nothing changes). */
export async function settleJournalEntry(db: Db, requestId: number, state: Exclude<JournalState, 'sent' | 'queued'>, reason: string | null, now: number): Promise<boolean> {
	// A handed-off row may be answered in the moment between its publication and its move to sent.
	const allowedFrom: readonly string[] = state === 'no-answer' ? ['sent'] : state === 'acknowledged' ? [...OPEN_STATES, 'reconciled', 'queued'] : state === 'refused' ? [...OPEN_STATES, 'queued'] : OPEN_STATES;
	const result = await db.updateTable('action_journal').set({ state, reason, updated_at: now }).where('request_id', '=', requestId).where('state', 'in', allowedFrom).executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function getJournalEntry(db: Db, requestId: number): Promise<JournalRow | null> {
	return (await db.selectFrom('action_journal').selectAll().where('request_id', '=', requestId).executeTakeFirst()) ?? null;
}

export async function listOpenJournalEntries(db: Db): Promise<JournalRow[]> {
	return db.selectFrom('action_journal').selectAll().where('state', 'in', OPEN_STATES).orderBy('created_at').execute();
}

export async function listJournalForDispute(db: Db, disputeId: string): Promise<JournalRow[]> {
	return db.selectFrom('action_journal').selectAll().where('dispute_id', '=', disputeId).orderBy('created_at').execute();
}

/** How often the row's request was sent again (`details.resends`). */
export function resendCount(row: Pick<JournalRow, 'details'>): number {
	try {
		const details: unknown = JSON.parse(row.details);
		const count = typeof details === 'object' && details !== null ? (details as Record<string, unknown>).resends : 0;
		return typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : 0;
	} catch {
		return 0;
	}
}

/**
 * An open row whose request is sent again: back to `sent`, carrying the new event, one more
 * resend counted. Returns the attempt number, or null when the row had ended (nothing changes).
 */
export async function reopenJournalEntry(tx: Tx, requestId: number, eventId: string, now: number): Promise<number | null> {
	const row = await tx.selectFrom('action_journal').select(['details', 'state']).where('request_id', '=', requestId).executeTakeFirst();
	if (!row || !OPEN_STATES.includes(row.state as JournalState)) return null;
	let details: Record<string, unknown> = {};
	try {
		const parsed: unknown = JSON.parse(row.details);
		if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) details = parsed as Record<string, unknown>;
	} catch {
		details = {};
	}
	const attempt = resendCount(row) + 1;
	const result = await tx
		.updateTable('action_journal')
		.set({ state: 'sent', reason: null, event_id: eventId, details: JSON.stringify({ ...details, resends: attempt }), updated_at: now })
		.where('request_id', '=', requestId)
		.where('state', 'in', OPEN_STATES)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1 ? attempt : null;
}
