// The assistant solver's `send-dm` messages to the console's solver keys (UPSTREAM-0.19.md §8),
// filed under the dispute their text names. The text is untrusted: stored capped, returned as
// plain strings for the case timeline (rendered as text, never as markup). The same text sent
// to several of our keys is kept once. Must never store a message not authored by the assistant.
import { createHash } from 'node:crypto';
import type { Db } from '../db/index.ts';
import { classifyAssistantSubject, type AssistantDm } from '../../protocol/actions/assistant-dm.ts';

/** Most messages a case timeline shows (newest kept). */
export const MAX_TIMELINE_MESSAGES = 200;

export interface AssistantMessageInput {
	eventId: string;
	senderPubkey: string;
	recipientPubkey: string;
	sentAt: number;
	dm: AssistantDm;
}

export interface AssistantMessageView {
	id: number;
	senderPubkey: string;
	subject: string;
	kind: AssistantDm['kind'];
	body: string;
	sentAt: number;
}

/** Stores one message; false when it (or the same text to another of our keys) is already kept. */
export async function insertAssistantMessage(db: Db, input: AssistantMessageInput, now: number): Promise<boolean> {
	const contentHash = createHash('sha256').update(`${input.dm.subject}\n${input.dm.body}`).digest('hex');
	const result = await db
		.insertInto('assistant_messages')
		.values({
			dispute_id: input.dm.disputeId,
			event_id: input.eventId,
			sender_pubkey: input.senderPubkey,
			recipient_pubkey: input.recipientPubkey,
			subject: input.dm.subject,
			body: input.dm.body,
			content_hash: contentHash,
			sent_at: input.sentAt,
			received_at: now
		})
		.onConflict((oc) => oc.doNothing())
		.executeTakeFirst();
	return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function knownAssistantEventIds(db: Db, eventIds: string[]): Promise<Set<string>> {
	if (eventIds.length === 0) return new Set();
	const rows = await db.selectFrom('assistant_messages').select('event_id').where('event_id', 'in', eventIds).execute();
	return new Set(rows.map((row) => row.event_id));
}

/** The dispute's assistant messages, oldest first (at most MAX_TIMELINE_MESSAGES, the newest). */
export async function listAssistantMessages(db: Db, disputeId: string): Promise<AssistantMessageView[]> {
	const rows = await db
		.selectFrom('assistant_messages')
		.select(['id', 'sender_pubkey', 'subject', 'body', 'sent_at'])
		.where('dispute_id', '=', disputeId)
		.orderBy('sent_at', 'desc')
		.orderBy('id', 'desc')
		.limit(MAX_TIMELINE_MESSAGES)
		.execute();
	return rows.reverse().map((row) => ({ id: row.id, senderPubkey: row.sender_pubkey, subject: row.subject, kind: classifyAssistantSubject(row.subject), body: row.body, sentAt: row.sent_at }));
}
