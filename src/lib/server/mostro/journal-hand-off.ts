// Action-journal rows one replica hands to the engine leader (issue 20, "Outgoing actions from
// any replica go through the journal"): a follower writes its request `queued` with the unsigned
// message in `outgoing`; the leader claims the row together with the event it signed (one
// conditional update), publishes it, then moves it to `sent`; the reply is recorded in `reply`
// for the follower waiting on the row. The row is the lock: only the claim that wrote the event
// publishes, and a new leader taking over a claimed row publishes that same event again (relays
// and the node see one event), never a second one. Holds no secret: never a key, only the
// message and the signed (public) event.
import type { Db, Tx } from '../db/index.ts';
import { parseEvent, type NostrEvent } from '../../protocol/event.ts';
import { parseMessageJson } from '../../protocol/message-parse.ts';
import { serializeMessage } from '../../protocol/canonical.ts';
import type { Message } from '../../protocol/message.ts';
import type { PublishReceipt } from '../relays/relay-connection.ts';
import type { JournalRow } from './action-journal.ts';

/** What a follower hands over: the message to sign and how long the caller waits for the answer. */
export interface HandedOffRequest {
	message: Message;
	timeoutMs: number | null;
}

export interface QueuedEntry {
	requestId: number;
	action: string;
	disputeId: string | null;
	orderId: string | null;
	actorUserId: number | null;
	signerPubkey: string;
	request: HandedOffRequest;
	details: Record<string, unknown>;
}

export async function insertQueuedEntry(tx: Tx, entry: QueuedEntry, now: number): Promise<void> {
	await tx
		.insertInto('action_journal')
		.values({
			request_id: entry.requestId,
			action: entry.action,
			dispute_id: entry.disputeId,
			order_id: entry.orderId,
			actor_user_id: entry.actorUserId,
			signer_pubkey: entry.signerPubkey,
			event_id: null,
			state: 'queued',
			details: JSON.stringify(entry.details),
			outgoing: JSON.stringify({ message: serializeMessage(entry.request.message), timeoutMs: entry.request.timeoutMs }),
			created_at: now,
			updated_at: now
		})
		.execute();
}

/** The handed-off request of a row, or null when it has none or it cannot be read. */
export function readHandedOff(row: Pick<JournalRow, 'outgoing'>): HandedOffRequest | null {
	if (!row.outgoing) return null;
	try {
		const value: unknown = JSON.parse(row.outgoing);
		if (typeof value !== 'object' || value === null) return null;
		const { message, timeoutMs } = value as Record<string, unknown>;
		return { message: parseMessageJson(message), timeoutMs: typeof timeoutMs === 'number' && timeoutMs > 0 ? timeoutMs : null };
	} catch {
		return null;
	}
}

/** The event a leader signed for the row, or null. */
export function readOutgoingEvent(row: Pick<JournalRow, 'outgoing_event'>): NostrEvent | null {
	if (!row.outgoing_event) return null;
	try {
		return parseEvent(JSON.parse(row.outgoing_event));
	} catch {
		return null;
	}
}

/** The node's recorded reply to a handed-off row, or null. */
export function readReply(row: Pick<JournalRow, 'reply'>): Message | null {
	if (!row.reply) return null;
	try {
		return parseMessageJson(row.reply);
	} catch {
		return null;
	}
}

export function readReceipts(row: Pick<JournalRow, 'receipts'>): PublishReceipt[] {
	try {
		const value: unknown = JSON.parse(row.receipts);
		return Array.isArray(value) ? (value.filter((r) => typeof r === 'object' && r !== null && typeof (r as PublishReceipt).relay === 'string') as PublishReceipt[]) : [];
	} catch {
		return [];
	}
}

/** Queued rows, oldest first (the leader's work list). */
export async function listQueuedEntries(db: Db, limit = 20): Promise<JournalRow[]> {
	return db.selectFrom('action_journal').selectAll().where('state', '=', 'queued').orderBy('created_at').orderBy('id').limit(limit).execute();
}

/**
 * Claims a queued row no leader signed yet, with the event `term` signed for it: true for
 * exactly one claimer (the update matches only while no event is stored).
 */
export async function claimWithEvent(db: Db, requestId: number, term: string, event: NostrEvent, now: number): Promise<boolean> {
	const result = await db
		.updateTable('action_journal')
		.set({ claimed_by: term, outgoing_event: JSON.stringify(event), event_id: event.id, updated_at: now })
		.where('request_id', '=', requestId)
		.where('state', '=', 'queued')
		.where('outgoing_event', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/**
 * Takes over a queued row an earlier leader term claimed and signed (it died before the row was
 * marked sent): true for exactly one new claimer, which publishes the stored event again.
 */
export async function takeOverClaim(db: Db, requestId: number, term: string, previous: string, now: number): Promise<boolean> {
	const result = await db
		.updateTable('action_journal')
		.set({ claimed_by: term, updated_at: now })
		.where('request_id', '=', requestId)
		.where('state', '=', 'queued')
		.where('claimed_by', '=', previous)
		.where('outgoing_event', 'is not', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** The event left the console: queued → sent (only for the term holding the claim). */
export async function markHandedOffSent(db: Db | Tx, requestId: number, term: string, now: number): Promise<boolean> {
	const result = await db.updateTable('action_journal').set({ state: 'sent', updated_at: now }).where('request_id', '=', requestId).where('state', '=', 'queued').where('claimed_by', '=', term).executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** The event a held request carries now (re-stamped while no relay could be reached). */
export async function replaceOutgoingEvent(db: Db, requestId: number, event: NostrEvent, now: number): Promise<void> {
	await db
		.updateTable('action_journal')
		.set({ outgoing_event: JSON.stringify(event), updated_at: now })
		.where('request_id', '=', requestId)
		.where('outgoing', 'is not', null)
		.execute();
}

/** Keeps the node's reply on a handed-off row (inside the transaction that settles it). */
export async function storeReply(tx: Tx, requestId: number, reply: Message): Promise<void> {
	await tx
		.updateTable('action_journal')
		.set({ reply: serializeMessage(reply) })
		.where('request_id', '=', requestId)
		.where('outgoing', 'is not', null)
		.execute();
}

/**
 * A queued row that will never be sent is withdrawn (refused with `reason`: `no_leader` when no
 * leader claimed it in time, `no_signer` when the leader cannot open its key). False when a
 * leader claimed it meanwhile (then it is the leader's to finish).
 */
export async function withdrawQueued(tx: Db | Tx, requestId: number, reason: 'no_leader' | 'no_signer', now: number): Promise<boolean> {
	const result = await tx.updateTable('action_journal').set({ state: 'refused', reason, updated_at: now }).where('request_id', '=', requestId).where('state', '=', 'queued').where('claimed_by', 'is', null).executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}
