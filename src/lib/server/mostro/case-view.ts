// Everything the case page shows about one dispute: current state and public revisions,
// who holds it, the SolverDisputeInfo (never the preimage), the order event's fiat facts,
// our journal of actions, and whether this user may take it. Reads only.
import { disputeOutcome, type DisputeOutcome } from '../../protocol/events/dispute-event.ts';
import type { MostroServices } from './services.ts';
import { Refusal } from '../errors.ts';
import { getDispute, listDisputeRevisions } from './dispute-repository.ts';
import { listJournalForDispute } from './action-journal.ts';
import { assessTake } from './actions/take-dispute.ts';
import type { TakeVerdict } from './actions/take-rules.ts';
import { parseSolverDisputeInfo } from '../../protocol/payload-parse.ts';
import type { SolverDisputeInfo } from '../../protocol/payload.ts';

export type ShownDisputeInfo = Omit<SolverDisputeInfo, 'preimage'>;

export interface CaseView {
	dispute: { id: string; status: string; outcome: DisputeOutcome; initiator: string | null; legacy: boolean; openedAt: number; firstSeenAt: number; orderId: string | null; holderUserId: number | null; holderName: string | null };
	revisions: Array<{ eventId: string; status: string; at: number; relay: string }>;
	info: ShownDisputeInfo | null;
	infoReceivedAt: number | null;
	order: { fiatCode: string | null; fiatAmount: number[]; paymentMethods: string[]; status: string } | null;
	journal: Array<{ requestId: number; action: string; state: string; reason: string | null; at: number; actor: string | null }>;
	take: TakeVerdict;
}

function readInfo(text: string): ShownDisputeInfo | null {
	try {
		const { preimage: _drop, ...shown } = parseSolverDisputeInfo({ ...(JSON.parse(text) as Record<string, unknown>), preimage: null });
		return shown;
	} catch {
		return null;
	}
}

function jsonArray<T>(text: string, keep: (item: unknown) => item is T): T[] {
	try {
		const value: unknown = JSON.parse(text);
		return Array.isArray(value) ? value.filter(keep) : [];
	} catch {
		return [];
	}
}
const isString = (item: unknown): item is string => typeof item === 'string';
const isNumber = (item: unknown): item is number => typeof item === 'number' && Number.isFinite(item);

export async function loadCase(services: MostroServices, userId: number, disputeId: string): Promise<CaseView> {
	const { db } = services;
	const dispute = await getDispute(db, disputeId);
	if (!dispute) throw new Refusal('not_found', 'case.not_found');
	const [revisions, infoRow, journalRows, holder, order, take] = await Promise.all([
		listDisputeRevisions(db, disputeId),
		db.selectFrom('dispute_info').select(['info', 'received_at']).where('dispute_id', '=', disputeId).executeTakeFirst(),
		listJournalForDispute(db, disputeId),
		dispute.holder_user_id === null ? null : db.selectFrom('users').select('name').where('id', '=', dispute.holder_user_id).executeTakeFirst(),
		dispute.order_id === null ? null : db.selectFrom('orders').selectAll().where('id', '=', dispute.order_id).executeTakeFirst(),
		assessTake(services, userId, disputeId)
	]);
	const actors = new Map((await db.selectFrom('users').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
	return {
		dispute: {
			id: dispute.id,
			status: dispute.status,
			outcome: disputeOutcome(dispute.status),
			initiator: dispute.initiator,
			legacy: dispute.legacy === 1,
			openedAt: dispute.opened_at,
			firstSeenAt: dispute.first_seen_at,
			orderId: dispute.order_id,
			holderUserId: dispute.holder_user_id,
			holderName: holder?.name ?? null
		},
		revisions: revisions.map((r) => ({ eventId: r.event_id, status: r.status, at: r.revision_at, relay: r.relay })),
		info: infoRow ? readInfo(infoRow.info) : null,
		infoReceivedAt: infoRow?.received_at ?? null,
		order: order ? { fiatCode: order.fiat_code, fiatAmount: jsonArray(order.fiat_amount, isNumber), paymentMethods: jsonArray(order.payment_methods, isString), status: order.status } : null,
		journal: journalRows.map((row) => ({
			requestId: row.request_id,
			action: row.action,
			state: row.state,
			reason: row.reason,
			at: row.created_at,
			actor: row.actor_user_id === null ? null : (actors.get(row.actor_user_id) ?? null)
		})),
		take
	};
}
