// Hand-over of a case from its holder to a colleague (issue 17; MOSTROD.md §2.2 takeover rules).
// The holder offers the case with a note; where the colleague's solver key may take over, the
// colleague sees "handed to you" and takes it with a normal take through the action journal;
// where the daemon would refuse, the offer records why and goes the operator route (the node's
// own key, operator-takeover.ts). Offering writes the colleague's "handed to you" notice, which
// ends with the offer. This module owns `case_handovers`; it never sends anything to the node
// itself and never changes who holds a dispute: only the node's answer to a take does
// (take-dispute.ts).
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { CaseHandoversTable } from '../db/schema.ts';
import type { Actor, PersonActor } from '../auth/actor.ts';
import type { MostroServices } from '../mostro/services.ts';
import { can, isRole } from '../../access/access-rules.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { getDispute } from '../cases/dispute-store.ts';
import { inTransaction } from '../domain-events/in-transaction.ts';
import type { Emit } from '../domain-events/events.ts';
import { assessTakeOf } from '../mostro/actions/take-dispute.ts';
import { handoverRouteOf, parseHandoverRefusal, type HandoverRefusal, type HandoverRoute } from './handover-rules.ts';

export const HANDOVER_NOTE_MAX = 2000;

/** The `user_notices` kind telling a colleague a case was handed to them. */
export const HANDED_TO_YOU_NOTICE = 'handed_to_you';

/** How much of the note the in-app notice repeats (the case page shows all of it). */
const NOTICE_NOTE_MAX = 200;

export interface HandoverInput {
	toUserId: number;
	note: string;
}

/** The hand-over form's fields, `unknown` until checked here. */
export function parseHandoverInput(fields: Record<string, unknown>): HandoverInput {
	const to = Number(fields.toUserId);
	if (!Number.isSafeInteger(to) || to <= 0) throw new Refusal('invalid_input', 'handover.error.colleague', { field: 'toUserId' });
	const note = typeof fields.note === 'string' ? fields.note.replace(/\r\n/g, '\n').trim() : '';
	if (note.length > HANDOVER_NOTE_MAX) throw new Refusal('invalid_input', 'handover.error.note_too_long', { field: 'note', params: { max: HANDOVER_NOTE_MAX } });
	return { toUserId: to, note };
}

/** A colleague the holder may hand the case to, and the route it would take. */
export interface HandoverCandidate {
	userId: number;
	name: string;
	route: HandoverRoute;
}

export interface Handover {
	id: number;
	disputeId: string;
	fromUserId: number;
	fromName: string;
	toUserId: number;
	toName: string;
	note: string;
	route: HandoverRoute;
	state: 'offered' | 'taken' | 'withdrawn' | 'superseded';
	at: number;
	resolvedAt: number | null;
}

type Services = Pick<MostroServices, 'db' | 'events' | 'engine'>;

/** An offer that no longer stands (taken, withdrawn, superseded): its "handed to you" notice is done. */
async function closeHandedNotice(tx: Tx, disputeId: string, toUserId: number, now: number): Promise<void> {
	await tx.updateTable('user_notices').set({ read_at: now }).where('user_id', '=', toUserId).where('dispute_id', '=', disputeId).where('kind', '=', HANDED_TO_YOU_NOTICE).where('read_at', 'is', null).execute();
}

async function colleagues(db: Db, exceptUserId: number): Promise<Array<{ id: number; name: string }>> {
	const rows = await db.selectFrom('users').select(['id', 'name', 'role']).where('disabled', '=', 0).where('id', '!=', exceptUserId).orderBy('name').execute();
	return rows.filter((row) => isRole(row.role) && can(row.role, 'mediate')).map((row) => ({ id: Number(row.id), name: row.name }));
}

/** The colleagues a holder may hand this case to, each with its route (solver or operator). */
export async function listHandoverCandidates(services: Pick<MostroServices, 'db' | 'engine'>, holderUserId: number, disputeId: string): Promise<HandoverCandidate[]> {
	const dispute = await getDispute(services.db, disputeId);
	if (!dispute || dispute.holderUserId !== holderUserId || dispute.status !== 'in-progress') return [];
	const found: HandoverCandidate[] = [];
	for (const colleague of await colleagues(services.db, holderUserId)) {
		const route = handoverRouteOf(await assessTakeOf(services, colleague.id, dispute));
		if (route) found.push({ userId: colleague.id, name: colleague.name, route });
	}
	return found;
}

/** The holder hands the case to a colleague (replacing an earlier open offer), audited. */
export async function offerHandover(services: Services, actor: PersonActor, disputeId: string, input: HandoverInput, now = Date.now()): Promise<Handover> {
	if (!can(actor.role, 'mediate')) throw new Refusal('not_authorized', 'handover.error.not_holder');
	const dispute = await getDispute(services.db, disputeId);
	if (!dispute) throw new Refusal('not_found', 'case.not_found');
	if (dispute.status !== 'in-progress' || dispute.holderUserId !== actor.userId) throw new Refusal('conflict', 'handover.error.not_holder');
	const colleague = (await colleagues(services.db, actor.userId)).find((c) => c.id === input.toUserId);
	if (!colleague) throw new Refusal('invalid_input', 'handover.error.colleague', { field: 'toUserId' });
	const route = handoverRouteOf(await assessTakeOf(services, colleague.id, dispute));
	if (!route) throw new Refusal('conflict', 'handover.error.not_holder');
	const id = await inTransaction(services.db, services.events, async (tx, emit) => {
		const replaced = await tx.selectFrom('case_handovers').select(['id', 'from_user_id', 'to_user_id']).where('dispute_id', '=', disputeId).where('state', '=', 'offered').execute();
		await tx.updateTable('case_handovers').set({ state: 'superseded', resolved_at: now }).where('dispute_id', '=', disputeId).where('state', '=', 'offered').execute();
		for (const old of replaced) {
			await closeHandedNotice(tx, disputeId, Number(old.to_user_id), now);
			emit({ type: 'HandoverChanged', disputeId, handoverId: Number(old.id), state: 'superseded', fromUserId: Number(old.from_user_id), toUserId: Number(old.to_user_id) });
		}
		const row = await tx
			.insertInto('case_handovers')
			.values({ dispute_id: disputeId, from_user_id: actor.userId, to_user_id: colleague.id, note: input.note, route: route.route, refusal: route.route === 'operator' ? route.refusal : null, state: 'offered', created_at: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		const handoverId = Number(row.id);
		await appendAudit(tx, actor, {
			action: 'dispute.handover_offered',
			subject: `dispute:${disputeId}`,
			details: { handoverId, toUserId: colleague.id, to: colleague.name, route: route.route, refusal: route.route === 'operator' ? route.refusal : null, note: input.note },
			at: now
		});
		// "Handed to you": the colleague's in-app notice, with who handed it and the start of the note.
		const note = input.note.length > NOTICE_NOTE_MAX ? `${input.note.slice(0, NOTICE_NOTE_MAX - 1)}…` : input.note;
		await tx
			.insertInto('user_notices')
			.values({ user_id: colleague.id, kind: HANDED_TO_YOU_NOTICE, dispute_id: disputeId, details: JSON.stringify({ handoverId, fromUserId: actor.userId, from: actor.name, note }), created_at: now })
			.execute();
		emit({ type: 'HandoverChanged', disputeId, handoverId, state: 'offered', fromUserId: actor.userId, toUserId: colleague.id });
		emit({ type: 'NoticeForUser', userId: colleague.id, disputeId });
		return handoverId;
	});
	const handover = await latestHandover(services.db, disputeId);
	if (!handover || handover.id !== id) throw new Error('hand-over not stored');
	return handover;
}

/** The holder takes back an open offer, audited. */
export async function withdrawHandover(services: Services, actor: PersonActor, disputeId: string, now = Date.now()): Promise<void> {
	await inTransaction(services.db, services.events, async (tx, emit) => {
		const open = await tx.selectFrom('case_handovers').select(['id', 'to_user_id']).where('dispute_id', '=', disputeId).where('state', '=', 'offered').where('from_user_id', '=', actor.userId).executeTakeFirst();
		if (!open) throw new Refusal('conflict', 'handover.error.none_open');
		await tx.updateTable('case_handovers').set({ state: 'withdrawn', resolved_at: now }).where('id', '=', open.id).execute();
		await closeHandedNotice(tx, disputeId, Number(open.to_user_id), now);
		await appendAudit(tx, actor, { action: 'dispute.handover_withdrawn', subject: `dispute:${disputeId}`, details: { handoverId: Number(open.id) }, at: now });
		emit({ type: 'HandoverChanged', disputeId, handoverId: Number(open.id), state: 'withdrawn', fromUserId: actor.userId, toUserId: Number(open.to_user_id) });
	});
}

/**
 * Called in the transaction that records a new holder (the node's answer to a take): an open
 * offer to that holder is taken, any other open offer is superseded. Audited when one changed.
 */
export async function settleHandovers(tx: Tx, emit: Emit, actor: Actor, disputeId: string, holderUserId: number | null, now: number): Promise<void> {
	const open = await tx.selectFrom('case_handovers').select(['id', 'to_user_id', 'from_user_id']).where('dispute_id', '=', disputeId).where('state', '=', 'offered').execute();
	for (const row of open) {
		const taken = holderUserId !== null && Number(row.to_user_id) === holderUserId;
		await tx
			.updateTable('case_handovers')
			.set({ state: taken ? 'taken' : 'superseded', resolved_at: now })
			.where('id', '=', row.id)
			.execute();
		await closeHandedNotice(tx, disputeId, Number(row.to_user_id), now);
		await appendAudit(tx, actor, {
			action: taken ? 'dispute.handover_taken' : 'dispute.handover_superseded',
			subject: `dispute:${disputeId}`,
			details: { handoverId: Number(row.id), fromUserId: Number(row.from_user_id), toUserId: Number(row.to_user_id) },
			at: now
		});
		emit({ type: 'HandoverChanged', disputeId, handoverId: Number(row.id), state: taken ? 'taken' : 'superseded', fromUserId: Number(row.from_user_id), toUserId: Number(row.to_user_id) });
	}
}

/** A hand-over row with the names of both colleagues. */
type HandoverRow = Selectable<CaseHandoversTable> & { from_name: string; to_name: string };

function handoverOf(row: HandoverRow): Handover {
	const refusal: HandoverRefusal = parseHandoverRefusal(row.refusal) ?? 'rw_over_rw';
	const state = row.state === 'taken' || row.state === 'withdrawn' || row.state === 'superseded' ? row.state : 'offered';
	return {
		id: Number(row.id),
		disputeId: row.dispute_id,
		fromUserId: Number(row.from_user_id),
		fromName: row.from_name,
		toUserId: Number(row.to_user_id),
		toName: row.to_name,
		note: row.note,
		route: row.route === 'solver' ? { route: 'solver' } : { route: 'operator', refusal },
		state,
		at: Number(row.created_at),
		resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at)
	};
}

function handoverRows(db: Db | Tx) {
	return db
		.selectFrom('case_handovers')
		.innerJoin('users as from_user', 'from_user.id', 'case_handovers.from_user_id')
		.innerJoin('users as to_user', 'to_user.id', 'case_handovers.to_user_id')
		.select([
			'case_handovers.id',
			'case_handovers.dispute_id',
			'case_handovers.from_user_id',
			'case_handovers.to_user_id',
			'case_handovers.note',
			'case_handovers.route',
			'case_handovers.refusal',
			'case_handovers.state',
			'case_handovers.created_at',
			'case_handovers.resolved_at',
			'from_user.name as from_name',
			'to_user.name as to_name'
		]);
}

/** The newest hand-over of a dispute, whatever its state; null when it was never handed over. */
export async function latestHandover(db: Db | Tx, disputeId: string): Promise<Handover | null> {
	const row = await handoverRows(db).where('case_handovers.dispute_id', '=', disputeId).orderBy('case_handovers.id', 'desc').executeTakeFirst();
	return row ? handoverOf(row) : null;
}

/** A dispute's hand-overs, oldest first (the case timeline). */
export async function listHandovers(db: Db | Tx, disputeId: string): Promise<Handover[]> {
	return (await handoverRows(db).where('case_handovers.dispute_id', '=', disputeId).orderBy('case_handovers.id').execute()).map(handoverOf);
}

/** The ids of disputes with an open offer the node would refuse the colleague: the operator route (my shift). */
export function disputeIdsNeedingOperator(db: Db) {
	return db.selectFrom('case_handovers').select('case_handovers.dispute_id').where('case_handovers.route', '=', 'operator').where('case_handovers.state', '=', 'offered');
}

/** The ids of disputes with an open offer to `userId`, as a sub-query (board, my shift). */
export function disputeIdsHandedTo(db: Db, userId: number) {
	return db.selectFrom('case_handovers').select('case_handovers.dispute_id').where('case_handovers.to_user_id', '=', userId).where('case_handovers.state', '=', 'offered');
}
