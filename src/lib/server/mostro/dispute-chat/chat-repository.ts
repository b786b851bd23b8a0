// Stores dispute-chat messages (ours with per-relay delivery, theirs after validation) and
// rejected events; unread counts per party feed the board. The UNIQUE inner id per
// conversation is the durable replay guard. Message text is never logged.
import { bumpUnread, setUnread } from '../../cases/dispute-store.ts';
import type { Db, Tx } from '../../db/index.ts';
import type { Party } from './chat-channels.ts';
import type { PublishReceipt } from '../../relays/relay-connection.ts';

export interface StoredMessage {
	disputeId: string;
	party: Party;
	direction: 'in' | 'out';
	innerId: string;
	outerId: string;
	generation: 'current' | 'legacy';
	authorPubkey: string;
	content: string;
	attachment: string | null;
	sentAt: number;
	sentByUserId?: number | null;
	delivery?: PublishReceipt[];
	/** Written on a follower: the signed outer event the leader publishes (chat-hand-off.ts). */
	outgoingEvent?: string | null;
	/** Ours, sent from here: the signed outer event as published (JSON), for "send again". */
	outerEvent?: string | null;
}

/**
 * Inserts a message (and bumps the unread count for theirs); false when this inner event was
 * already stored (a replay or a copy). Call inside a transaction.
 */
export async function insertChatMessage(tx: Tx, message: StoredMessage, now: number): Promise<boolean> {
	{
		const result = await tx
			.insertInto('chat_messages')
			.values({
				dispute_id: message.disputeId,
				party: message.party,
				direction: message.direction,
				inner_id: message.innerId,
				outer_id: message.outerId,
				generation: message.generation,
				author_pubkey: message.authorPubkey,
				content: message.content,
				attachment: message.attachment,
				sent_at: message.sentAt,
				received_at: now,
				delivery: JSON.stringify(message.delivery ?? []),
				read_at: message.direction === 'out' ? now : null,
				sent_by_user_id: message.sentByUserId ?? null,
				outgoing_event: message.outgoingEvent ?? null,
				outer_event: message.outerEvent ?? null
			})
			.onConflict((oc) => oc.columns(['dispute_id', 'party', 'inner_id']).doNothing())
			.executeTakeFirst();
		const inserted = Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
		if (inserted && message.direction === 'in') {
			await bumpUnread(tx, message.disputeId);
		}
		return inserted;
	}
}

export async function recordDelivery(db: Db, disputeId: string, party: Party, innerId: string, receipts: PublishReceipt[]): Promise<void> {
	await db
		.updateTable('chat_messages')
		.set({ delivery: JSON.stringify(receipts) })
		.where('dispute_id', '=', disputeId)
		.where('party', '=', party)
		.where('inner_id', '=', innerId)
		.execute();
}

export async function insertChatRejection(db: Db, disputeId: string, party: Party, outerId: string, reason: string, now: number): Promise<void> {
	await db
		.insertInto('chat_rejections')
		.values({ dispute_id: disputeId, party, outer_id: outerId, reason, received_at: now })
		.onConflict((oc) => oc.columns(['dispute_id', 'party', 'outer_id']).doNothing())
		.execute();
}

export async function knownInnerIds(db: Db, disputeId: string, party: Party): Promise<string[]> {
	return (await db.selectFrom('chat_messages').select('inner_id').where('dispute_id', '=', disputeId).where('party', '=', party).execute()).map((r) => r.inner_id);
}

/** Outer event ids of a conversation's stored messages: a relay delivering one again is the same message. */
export async function knownOuterIds(db: Db, disputeId: string, party: Party): Promise<string[]> {
	return (await db.selectFrom('chat_messages').select('outer_id').where('dispute_id', '=', disputeId).where('party', '=', party).execute()).map((r) => r.outer_id);
}

export async function listChatMessages(db: Db, disputeId: string) {
	return db.selectFrom('chat_messages').selectAll().where('dispute_id', '=', disputeId).orderBy('sent_at').orderBy('id').execute();
}

export async function countChatRejections(db: Db, disputeId: string): Promise<Array<{ party: string; reason: string; n: number }>> {
	const rows = await db
		.selectFrom('chat_rejections')
		.select(['party', 'reason', (eb) => eb.fn.countAll<number>().as('n')])
		.where('dispute_id', '=', disputeId)
		.groupBy(['party', 'reason'])
		.execute();
	return rows.map((row) => ({ party: row.party, reason: row.reason, n: Number(row.n) }));
}

/** Marks a party's messages read and recomputes the dispute's unread count. */
export async function markChatRead(db: Db, disputeId: string, party: Party, now = Date.now()): Promise<void> {
	await db.transaction().execute(async (tx) => {
		await tx.updateTable('chat_messages').set({ read_at: now }).where('dispute_id', '=', disputeId).where('party', '=', party).where('read_at', 'is', null).execute();
		const row = await tx
			.selectFrom('chat_messages')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('dispute_id', '=', disputeId)
			.where('read_at', 'is', null)
			.executeTakeFirstOrThrow();
		await setUnread(tx, disputeId, Number(row.n));
	});
}

/**
 * For each dispute and party, the party's newest message when nothing of ours followed it
 * (issue 19, "a party waits for an answer"): ids and times only, never the text.
 */
export async function listUnansweredPartyMessages(db: Db, disputeIds: readonly string[]): Promise<Array<{ disputeId: string; party: string; innerId: string; receivedAt: number }>> {
	if (disputeIds.length === 0) return [];
	const rows = await db
		.selectFrom('chat_messages')
		.select(['dispute_id', 'party', 'direction', 'inner_id', 'received_at'])
		.where('dispute_id', 'in', [...disputeIds])
		.orderBy('received_at')
		.orderBy('id')
		.execute();
	const newest = new Map<string, (typeof rows)[number]>();
	for (const row of rows) newest.set(`${row.dispute_id}\u0000${row.party}`, row);
	return [...newest.values()].filter((row) => row.direction === 'in').map((row) => ({ disputeId: row.dispute_id, party: row.party, innerId: row.inner_id, receivedAt: row.received_at }));
}

/**
 * The ids of disputes where a party wrote after `userId`'s last message to either party (or
 * where a party wrote and `userId` never did), as a sub-query for "my shift": ids only.
 */
export function disputeIdsRepliedSinceMine(db: Db, userId: number) {
	return db
		.selectFrom('chat_messages as m')
		.select('m.dispute_id')
		.where('m.direction', '=', 'in')
		.where((eb) =>
			eb(
				'm.sent_at',
				'>',
				eb.fn.coalesce(
					eb
						.selectFrom('chat_messages as o')
						.select((o) => o.fn.max('o.sent_at').as('last'))
						.whereRef('o.dispute_id', '=', 'm.dispute_id')
						.where('o.direction', '=', 'out')
						.where('o.sent_by_user_id', '=', userId),
					eb.val(0)
				)
			)
		);
}
