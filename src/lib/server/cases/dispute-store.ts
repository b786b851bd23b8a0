// The `disputes` and `dispute_revisions` tables (PROTOCOL.md §2, kind 38386): stores dispute
// revisions as they arrive and keeps each dispute's current state by the addressable-event
// rule (newest created_at; same second → more advanced status, then lowest id), plus the
// console's own facts about it (holder, linked order, trade keys, unread count). Every
// revision is kept; first-seen and open times are never lost. Returns domain types
// (case-types.ts); a snake_case row never leaves this file.
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { DisputesTable } from '../db/schema.ts';
import { lockingRead } from '../db/row-lock.ts';
import { msOf, msOrNull, type Dispute, type DisputeRevision } from './case-types.ts';
import type { ShownDisputeInfo } from './dispute-info.ts';
import { disputeStatusRank, type DisputeEvent } from '../../protocol/events/dispute-event.ts';

export function disputeOf(row: Selectable<DisputesTable>): Dispute {
	return {
		id: row.id,
		status: row.status,
		initiator: row.initiator,
		legacy: row.legacy === 1,
		openedAt: msOf(row.opened_at),
		firstSeenAt: row.first_seen_at,
		revisionAt: msOf(row.revision_at),
		orderId: row.order_id,
		buyerPubkey: row.buyer_pubkey,
		sellerPubkey: row.seller_pubkey,
		holderUserId: row.holder_user_id,
		amountSats: row.amount_sats,
		escrowDeadline: msOrNull(row.escrow_deadline),
		unreadCount: row.unread_count
	};
}

export interface RevisionOutcome {
	/** False when this exact event was already stored. */
	stored: boolean;
	/** True when the dispute was not known before. */
	isNew: boolean;
	/** True when this revision became the current state. */
	becameCurrent: boolean;
}

interface Revisionish {
	revisionAt: number;
	status: string;
	eventId: string;
}

export function isNewerRevision(a: Revisionish, b: Revisionish): boolean {
	if (a.revisionAt !== b.revisionAt) return a.revisionAt > b.revisionAt;
	const ra = disputeStatusRank(a.status);
	const rb = disputeStatusRank(b.status);
	if (ra !== rb) return ra > rb;
	return a.eventId < b.eventId;
}

export async function recordDisputeRevision(db: Db, dispute: DisputeEvent, raw: string, relay: string, now: number): Promise<RevisionOutcome> {
	return db.transaction().execute(async (tx) => {
		const current = await lockingRead(tx, tx.selectFrom('disputes').selectAll().where('id', '=', dispute.disputeId)).executeTakeFirst();
		if (!current) {
			await tx
				.insertInto('disputes')
				.values({
					id: dispute.disputeId,
					status: dispute.status,
					initiator: dispute.initiator,
					legacy: dispute.legacy ? 1 : 0,
					opened_at: dispute.openedAt,
					first_seen_at: now,
					revision_at: dispute.revisionAt,
					revision_event_id: dispute.eventId,
					updated_at: now
				})
				.execute();
		}
		const inserted = await tx
			.insertInto('dispute_revisions')
			.values({
				event_id: dispute.eventId,
				dispute_id: dispute.disputeId,
				status: dispute.status,
				revision_at: dispute.revisionAt,
				kind: dispute.kind,
				raw,
				relay,
				received_at: now
			})
			.onConflict((oc) => oc.column('event_id').doNothing())
			.executeTakeFirst();
		const stored = Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
		if (!current) return { stored, isNew: true, becameCurrent: true };
		if (!stored) return { stored, isNew: false, becameCurrent: false };

		// The open time comes from a tag when present; otherwise the earliest revision seen.
		const openedAt = dispute.openedAtSource === 'event' ? Math.min(current.opened_at, dispute.openedAt) : dispute.openedAt;
		const becameCurrent = isNewerRevision(dispute, { revisionAt: current.revision_at, status: current.status, eventId: current.revision_event_id });
		await tx
			.updateTable('disputes')
			.set(
				becameCurrent
					? {
							status: dispute.status,
							initiator: dispute.initiator ?? current.initiator,
							revision_at: dispute.revisionAt,
							revision_event_id: dispute.eventId,
							opened_at: openedAt,
							updated_at: now
						}
					: { opened_at: openedAt, initiator: current.initiator ?? dispute.initiator }
			)
			.where('id', '=', dispute.disputeId)
			.execute();
		return { stored, isNew: false, becameCurrent };
	});
}

export async function getDispute(db: Db | Tx, id: string): Promise<Dispute | null> {
	const row = await db.selectFrom('disputes').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? disputeOf(row) : null;
}

export async function listDisputeRevisions(db: Db, disputeId: string): Promise<DisputeRevision[]> {
	const rows = await db.selectFrom('dispute_revisions').select(['event_id', 'status', 'revision_at', 'kind', 'relay', 'received_at']).where('dispute_id', '=', disputeId).orderBy('revision_at').orderBy('event_id').execute();
	return rows.map((r) => ({ eventId: r.event_id, status: r.status, at: msOf(r.revision_at), kind: r.kind, relay: r.relay, receivedAt: r.received_at }));
}

/** Order ids linked to disputes (learned when a dispute is taken), for the order subscription. */
export async function listLinkedOrderIds(db: Db): Promise<string[]> {
	const rows = await db.selectFrom('disputes').select('order_id').where('order_id', 'is not', null).distinct().execute();
	return rows.map((row) => row.order_id).filter((id): id is string => id !== null);
}

/**
 * An acknowledged take (MOSTROD.md §2): the user holds the dispute, its order is linked and
 * the trade keys are known. Returns the holder before the take.
 */
export async function recordTake(tx: Tx, disputeId: string, holderUserId: number | null, info: ShownDisputeInfo, initiator: 'buyer' | 'seller' | null, now: number): Promise<number | null> {
	const before = await lockingRead(tx, tx.selectFrom('disputes').select(['holder_user_id']).where('id', '=', disputeId)).executeTakeFirst();
	await tx
		.updateTable('disputes')
		.set({
			// The acknowledged take proves the state before its public revision arrives.
			status: 'in-progress',
			holder_user_id: holderUserId,
			order_id: info.id,
			buyer_pubkey: info.buyer_pubkey,
			seller_pubkey: info.seller_pubkey,
			amount_sats: info.amount,
			updated_at: now
		})
		.where('id', '=', disputeId)
		.execute();
	if (initiator) await tx.updateTable('disputes').set({ initiator }).where('id', '=', disputeId).where('initiator', 'is', null).execute();
	return before?.holder_user_id ?? null;
}

/** A take proven by the public events (reconciliation): the user holds the dispute. */
export async function setHolder(tx: Tx, disputeId: string, holderUserId: number | null, now: number): Promise<void> {
	await tx.updateTable('disputes').set({ holder_user_id: holderUserId, updated_at: now }).where('id', '=', disputeId).execute();
}

/** A status the node's answer proves before the public revision follows. */
export async function setProvenStatus(tx: Tx, disputeId: string, status: string, now: number): Promise<void> {
	await tx.updateTable('disputes').set({ status, updated_at: now }).where('id', '=', disputeId).execute();
}

/** One more unread incoming chat message. */
export async function bumpUnread(tx: Tx, disputeId: string): Promise<void> {
	await tx
		.updateTable('disputes')
		.set((eb) => ({ unread_count: eb('unread_count', '+', 1) }))
		.where('id', '=', disputeId)
		.execute();
}

export async function setUnread(tx: Tx, disputeId: string, count: number): Promise<void> {
	await tx.updateTable('disputes').set({ unread_count: count }).where('id', '=', disputeId).execute();
}

/** The board's urgency sort key: epoch ms the held escrow expires, or null (stored in unix seconds). */
export async function setEscrowDeadline(tx: Tx, disputeId: string, deadlineMs: number | null): Promise<void> {
	await tx
		.updateTable('disputes')
		.set({ escrow_deadline: deadlineMs === null ? null : Math.floor(deadlineMs / 1000) })
		.where('id', '=', disputeId)
		.execute();
}

/** Disputes one of our users holds whose info is stored, with the key the node knows them by (chat channels). */
export async function listHeldDisputes(db: Db): Promise<Array<{ id: string; holderUserId: number; buyerPubkey: string | null; sellerPubkey: string | null; solverPubkey: string }>> {
	const rows = await db
		.selectFrom('disputes')
		.innerJoin('dispute_info', 'dispute_info.dispute_id', 'disputes.id')
		.select(['disputes.id', 'disputes.holder_user_id', 'disputes.buyer_pubkey', 'disputes.seller_pubkey', 'dispute_info.solver_pubkey'])
		.where('disputes.holder_user_id', 'is not', null)
		.execute();
	return rows.flatMap((r) => (r.holder_user_id === null ? [] : [{ id: r.id, holderUserId: r.holder_user_id, buyerPubkey: r.buyer_pubkey, sellerPubkey: r.seller_pubkey, solverPubkey: r.solver_pubkey }]));
}

/** Taken disputes whose escrow may still be held: open ones, never checked, or last seen open/accepted. */
export async function listEscrowRecheckIds(db: Db): Promise<string[]> {
	const rows = await db
		.selectFrom('disputes')
		.innerJoin('dispute_info', 'dispute_info.dispute_id', 'disputes.id')
		.leftJoin('escrow_checks', 'escrow_checks.dispute_id', 'disputes.id')
		.select('disputes.id')
		.where((eb) => eb.or([eb('disputes.status', 'in', ['initiated', 'in-progress']), eb('escrow_checks.state', 'is', null), eb('escrow_checks.state', 'in', ['open', 'accepted'])]))
		.execute();
	return rows.map((r) => r.id);
}

/** A dispute the notifications watch: new and untaken, or held with an escrow deadline (issue 19). */
export interface WatchedDispute {
	id: string;
	orderId: string | null;
	status: string;
	holderUserId: number | null;
	amountSats: number | null;
	/** Epoch ms. */
	openedAt: number;
	/** Epoch ms; null when not known to be held. */
	escrowDeadline: number | null;
}

/**
 * Open disputes opened since `sinceMs` that nobody holds (no console user, no outside holder),
 * and open held disputes with a known escrow deadline.
 */
export async function listWatchedDisputes(db: Db, sinceMs: number): Promise<{ untaken: WatchedDispute[]; heldWithDeadline: WatchedDispute[] }> {
	const untaken = await db
		.selectFrom('disputes')
		.leftJoin('dispute_outside_holders', 'dispute_outside_holders.dispute_id', 'disputes.id')
		.selectAll('disputes')
		.where('disputes.status', '=', 'initiated')
		.where('disputes.holder_user_id', 'is', null)
		.where('dispute_outside_holders.dispute_id', 'is', null)
		.where('disputes.opened_at', '>=', Math.floor(sinceMs / 1000))
		.execute();
	const held = await db.selectFrom('disputes').selectAll().where('status', 'in', ['initiated', 'in-progress']).where('holder_user_id', 'is not', null).where('escrow_deadline', 'is not', null).execute();
	const watched = (row: Parameters<typeof disputeOf>[0]): WatchedDispute => {
		const d = disputeOf(row);
		return { id: d.id, orderId: d.orderId, status: d.status, holderUserId: d.holderUserId, amountSats: d.amountSats, openedAt: d.openedAt, escrowDeadline: d.escrowDeadline };
	};
	return { untaken: untaken.map(watched), heldWithDeadline: held.map(watched) };
}

/** Held, open disputes whose escrow expires before `untilMs` (epoch ms): deadline alerts. */
export async function listEscrowDeadlinesBefore(db: Db, untilMs: number): Promise<Array<{ id: string; escrowDeadline: number }>> {
	const rows = await db
		.selectFrom('disputes')
		.select(['id', 'escrow_deadline'])
		.where('holder_user_id', 'is not', null)
		.where('status', 'in', ['initiated', 'in-progress'])
		.where('escrow_deadline', 'is not', null)
		.where('escrow_deadline', '<', Math.ceil(untilMs / 1000))
		.execute();
	return rows.flatMap((r) => (r.escrow_deadline === null ? [] : [{ id: r.id, escrowDeadline: msOf(r.escrow_deadline) }]));
}
