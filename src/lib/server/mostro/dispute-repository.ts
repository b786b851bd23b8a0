// Stores dispute revisions as they arrive and keeps each dispute's current state by the
// addressable-event rule (newest created_at; same second → more advanced status, then
// lowest id). Every revision is kept; first-seen and open times are never lost.
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.ts';
import type { DisputesTable } from '../db/schema.ts';
import { disputeStatusRank, type DisputeEvent } from '../../protocol/events/dispute-event.ts';

export type DisputeRow = Selectable<DisputesTable>;

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

export async function recordDisputeRevision(
	db: Db,
	dispute: DisputeEvent,
	raw: string,
	relay: string,
	now: number
): Promise<RevisionOutcome> {
	return db.transaction().execute(async (tx) => {
		const current = await tx.selectFrom('disputes').selectAll().where('id', '=', dispute.disputeId).executeTakeFirst();
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

export async function getDispute(db: Db, id: string): Promise<DisputeRow | null> {
	return (await db.selectFrom('disputes').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
}

export async function listDisputeRevisions(db: Db, disputeId: string) {
	return db
		.selectFrom('dispute_revisions')
		.select(['event_id', 'status', 'revision_at', 'kind', 'relay', 'received_at'])
		.where('dispute_id', '=', disputeId)
		.orderBy('revision_at')
		.orderBy('event_id')
		.execute();
}

/** Order ids linked to disputes (learned when a dispute is taken), for the order subscription. */
export async function listLinkedOrderIds(db: Db): Promise<string[]> {
	const rows = await db.selectFrom('disputes').select('order_id').where('order_id', 'is not', null).distinct().execute();
	return rows.map((row) => row.order_id).filter((id): id is string => id !== null);
}
