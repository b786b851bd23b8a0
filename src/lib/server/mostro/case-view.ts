// Everything the case page shows about one dispute: current state and public revisions,
// who holds it, the SolverDisputeInfo (never the preimage; `unreadable` when the stored row
// no longer decodes), the order event's fiat facts, the case's money, our journal of
// actions, and whether this user may take it. Reads only, through the case module; the case
// page reads the dispute, its info and its order once (loadCasePage).
import { disputeOutcome, type DisputeOutcome } from '../../protocol/events/dispute-event.ts';
import type { MostroServices } from './services.ts';
import { Refusal } from '../errors.ts';
import { listDisputeRevisions } from '../cases/dispute-store.ts';
import { readCaseRecord, type CaseRecord } from '../cases/case-query.ts';
import type { PersonActor } from '../auth/actor.ts';
import { loadDecisionView, type DecisionView } from './decision-view.ts';
import { caseMoney, type CaseMoney } from '../cases/case-money.ts';
import type { ShownDisputeInfo } from '../cases/dispute-info.ts';
import { listJournalForDispute } from './action-journal.ts';
import { assessTakeOf } from './actions/take-dispute.ts';
import type { TakeVerdict } from './actions/take-rules.ts';

export type { ShownDisputeInfo };

/** Every instant is epoch ms (the case module's unit). */
export interface CaseView {
	dispute: { id: string; status: string; outcome: DisputeOutcome; initiator: string | null; legacy: boolean; openedAt: number; firstSeenAt: number; orderId: string | null; holderUserId: number | null; holderName: string | null };
	revisions: Array<{ eventId: string; status: string; at: number; relay: string }>;
	/** `none` before a take, `unreadable` when the stored info no longer decodes. */
	infoState: 'none' | 'ok' | 'unreadable';
	info: ShownDisputeInfo | null;
	infoReceivedAt: number | null;
	/** Escrow held, payout and fees (case-money.ts); null without a readable info. */
	money: CaseMoney | null;
	order: { fiatCode: string | null; fiatAmount: number[]; paymentMethods: string[]; status: string } | null;
	journal: Array<{ requestId: number; action: string; state: string; reason: string | null; at: number; actor: string | null }>;
	take: TakeVerdict;
}

export async function loadCase(services: MostroServices, userId: number, disputeId: string): Promise<CaseView> {
	const record = await readCaseRecord(services.db, disputeId);
	if (!record) throw new Refusal('not_found', 'case.not_found');
	return caseViewOf(services, userId, record);
}

/** The case page's two server views from one read of the case (dispute, info, order). */
export async function loadCasePage(services: MostroServices, user: PersonActor, disputeId: string): Promise<{ view: CaseView; decision: DecisionView }> {
	const record = await readCaseRecord(services.db, disputeId);
	if (!record) throw new Refusal('not_found', 'case.not_found');
	const [view, decision] = await Promise.all([caseViewOf(services, user.userId, record), loadDecisionView(services, user, disputeId, Date.now(), record)]);
	return { view, decision };
}

async function caseViewOf(services: MostroServices, userId: number, record: CaseRecord): Promise<CaseView> {
	const { db } = services;
	const { dispute, info, order } = record;
	const disputeId = dispute.id;
	const [revisions, journalRows, take] = await Promise.all([listDisputeRevisions(db, disputeId), listJournalForDispute(db, disputeId), assessTakeOf(services, userId, dispute)]);
	const actors = new Map((await db.selectFrom('users').select(['id', 'name']).execute()).map((u) => [u.id, u.name]));
	return {
		dispute: {
			id: dispute.id,
			status: dispute.status,
			outcome: disputeOutcome(dispute.status),
			initiator: dispute.initiator,
			legacy: dispute.legacy,
			openedAt: dispute.openedAt,
			firstSeenAt: dispute.firstSeenAt,
			orderId: dispute.orderId,
			holderUserId: dispute.holderUserId,
			holderName: record.holderName
		},
		revisions: revisions.map((r) => ({ eventId: r.eventId, status: r.status, at: r.at, relay: r.relay })),
		infoState: info.state,
		info: info.state === 'ok' ? info.info : null,
		infoReceivedAt: info.state === 'none' ? null : info.receivedAt,
		money: info.state === 'ok' ? caseMoney(info.info) : null,
		order: order ? { fiatCode: order.fiatCode, fiatAmount: order.fiatAmount, paymentMethods: order.paymentMethods, status: order.status } : null,
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
