// Private case notes (issue 17, "Hand-over and notes"): mediators and operators write notes on a
// case for their colleagues. Notes are never sent to the parties and never leave the console
// except in an evidence bundle or case record when the exporter asks for them. This module alone
// owns the `case_notes` table; every note is written in one transaction with its audit entry
// (which carries the text, as decision justifications do). Auditors may read, never write.
import { sql } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { PersonActor } from '../auth/actor.ts';
import { can } from '../../access/access-rules.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { getDispute } from '../cases/dispute-store.ts';
import { inTransaction } from '../domain-events/in-transaction.ts';
import type { DomainEventBus } from '../domain-events/bus.ts';

/** The longest note kept; longer text is refused, not cut. */
export const NOTE_MAX_LENGTH = 4000;

export interface CaseNote {
	id: number;
	disputeId: string;
	authorUserId: number;
	authorName: string;
	body: string;
	/** Epoch ms. */
	at: number;
}

export interface CaseNoteInput {
	body: string;
}

/** The note form's fields, `unknown` until checked here. */
export function parseCaseNoteInput(fields: Record<string, unknown>): CaseNoteInput {
	const raw = fields.body;
	const body = typeof raw === 'string' ? raw.replace(/\r\n/g, '\n').trim() : '';
	if (!body) throw new Refusal('invalid_input', 'notes.error.empty', { field: 'body' });
	if (body.length > NOTE_MAX_LENGTH) throw new Refusal('invalid_input', 'notes.error.too_long', { field: 'body', params: { max: NOTE_MAX_LENGTH } });
	return { body };
}

/** Writes a note on a dispute, audited in the same transaction. */
export async function addCaseNote(services: { db: Db; events: DomainEventBus }, actor: PersonActor, disputeId: string, input: CaseNoteInput, now = Date.now()): Promise<number> {
	if (!can(actor.role, 'mediate')) throw new Refusal('not_authorized', 'notes.error.not_allowed');
	return inTransaction(services.db, services.events, async (tx, emit) => {
		if (!(await getDispute(tx, disputeId))) throw new Refusal('not_found', 'case.not_found');
		const row = await tx.insertInto('case_notes').values({ dispute_id: disputeId, author_user_id: actor.userId, body: input.body, created_at: now }).returning('id').executeTakeFirstOrThrow();
		const id = Number(row.id);
		await appendAudit(tx, actor, { action: 'case_note.added', subject: `dispute:${disputeId}`, details: { noteId: id, length: input.body.length, text: input.body }, at: now });
		emit({ type: 'CaseNoteAdded', disputeId, noteId: id });
		return id;
	});
}

/** A dispute's notes, oldest first, with their authors' names. */
export async function listCaseNotes(db: Db | Tx, disputeId: string): Promise<CaseNote[]> {
	const rows = await db
		.selectFrom('case_notes')
		.innerJoin('users', 'users.id', 'case_notes.author_user_id')
		.select(['case_notes.id', 'case_notes.dispute_id', 'case_notes.author_user_id', 'users.name', 'case_notes.body', 'case_notes.created_at'])
		.where('case_notes.dispute_id', '=', disputeId)
		.orderBy('case_notes.created_at')
		.orderBy('case_notes.id')
		.execute();
	return rows.map((row) => ({ id: Number(row.id), disputeId: row.dispute_id, authorUserId: Number(row.author_user_id), authorName: row.name, body: row.body, at: Number(row.created_at) }));
}

/** `text` as a LIKE pattern matching it anywhere, with `%`, `_` and `\` taken literally (ESCAPE '\'). */
export function containsPattern(text: string): string {
	return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The ids of disputes with a note containing `text` (any case), as a sub-query for the board's
 * search: one query, and the board never names this module's table itself.
 */
export function disputeIdsWithNoteText(db: Db, text: string) {
	return db
		.selectFrom('case_notes')
		.select('case_notes.dispute_id')
		.where(sql<boolean>`lower(case_notes.body) LIKE ${containsPattern(text)} ESCAPE '\\'`);
}
