// What the case page (and the API) shows about deciding one dispute (PRODUCT.md capability 6):
// whether this user may decide and why not, the outcome previews, the decisions with their
// proposals, reviews and delivery state from the journal, the buyer payout's progress after a
// settle, what the node's answer really did with the money (a settle answered
// `cooperative-cancel-accepted` paid nobody: the seller was refunded), and whether the dispute
// closed without us. Reads only; never returns a secret.
import type { Db } from '../db/index.ts';
import type { SessionUser } from '../auth/session-types.ts';
import type { MostroServices } from './services.ts';
import { can } from '../auth/access.ts';
import { getInstanceInfo } from './instance-info-repository.ts';
import { getFourEyesSats } from './decision-settings.ts';
import { assessDecision, readStoredInfo } from './actions/decide.ts';
import { isClosed, REASON_CODES, type DecisionVerdict } from './actions/decision-rules.ts';
import { previewDecision, type DecisionPreview } from './actions/decision-preview.ts';
import { decisionResultOfAction, type DecisionResult } from '../../protocol/actions/decision-reply.ts';

/** A settle whose payout has not reached `success` after this long is shown as stalled. */
export const PAYOUT_STALL_MS = 5 * 60_000;

export interface DecisionRow {
	id: number;
	outcome: 'settle' | 'cancel';
	slashBuyer: boolean;
	slashSeller: boolean;
	reasonCode: string;
	justification: string;
	amountSats: number;
	state: string;
	proposedBy: string;
	proposedAt: number;
	reviewedBy: string | null;
	reviewedAt: number | null;
	reviewComment: string | null;
	/** Journal state of the message sent (acknowledged, refused, no-answer, reconciled, sent). */
	delivery: string | null;
	deliveryReason: string | null;
	/** What the node's answer did (settled, canceled, cooperatively canceled, refused); null before an answer. */
	result: DecisionResult | null;
	/** This user may approve or reject it. */
	canReview: boolean;
}

export interface DecisionView {
	verdict: DecisionVerdict;
	orderId: string | null;
	amountSats: number | null;
	fiat: { amount: number; code: string | null } | null;
	bondEnabled: boolean;
	fourEyesSats: number | null;
	previews: { settle: DecisionPreview; cancel: DecisionPreview } | null;
	reasonCodes: readonly string[];
	decisions: DecisionRow[];
	orderStatus: string | null;
	/** Closed by the parties or elsewhere: terminal, and no decision of ours got through. */
	closedElsewhere: boolean;
	/** The buyer payout after a settle; `seller-refunded` when the escrow went back to the seller instead. */
	payout: 'pending' | 'success' | 'stalled' | 'seller-refunded' | null;
}

function resultOf(delivery: string | null, reason: string | null): DecisionResult | null {
	if (delivery === 'refused') return 'refused';
	if (delivery === 'acknowledged') return reason === null ? null : decisionResultOfAction(reason);
	return null;
}

async function listDecisions(db: Db, disputeId: string) {
	return db
		.selectFrom('decisions')
		.leftJoin('action_journal', 'action_journal.request_id', 'decisions.request_id')
		.leftJoin('users as proposer', 'proposer.id', 'decisions.proposed_by')
		.leftJoin('users as reviewer', 'reviewer.id', 'decisions.reviewed_by')
		.select([
			'decisions.id',
			'decisions.outcome',
			'decisions.slash_buyer',
			'decisions.slash_seller',
			'decisions.reason_code',
			'decisions.justification',
			'decisions.amount_sats',
			'decisions.state',
			'decisions.proposed_by',
			'decisions.proposed_at',
			'decisions.reviewed_at',
			'decisions.review_comment',
			'decisions.updated_at',
			'proposer.name as proposer_name',
			'reviewer.name as reviewer_name',
			'action_journal.state as delivery',
			'action_journal.reason as delivery_reason',
			'action_journal.updated_at as delivered_at'
		])
		.where('decisions.dispute_id', '=', disputeId)
		.orderBy('decisions.proposed_at', 'desc')
		.execute();
}

export async function loadDecisionView(services: Pick<MostroServices, 'db' | 'engine'>, user: SessionUser, disputeId: string, now = Date.now()): Promise<DecisionView> {
	const { db } = services;
	const verdict = await assessDecision(services, user, disputeId);
	const dispute = await db.selectFrom('disputes').select(['status', 'order_id']).where('id', '=', disputeId).executeTakeFirstOrThrow();
	const node = services.engine.nodePubkey;
	const [info, instance, fourEyesSats, rows, order] = await Promise.all([
		readStoredInfo(db, disputeId),
		node ? getInstanceInfo(db, node) : null,
		getFourEyesSats(db),
		listDecisions(db, disputeId),
		dispute.order_id ? db.selectFrom('orders').select(['status', 'fiat_code']).where('id', '=', dispute.order_id).executeTakeFirst() : undefined
	]);
	const bondEnabled = instance?.bondEnabled ?? false;
	const facts = info
		? { amount: info.amount, fee: info.fee, hash: info.hash, bondEnabled, bondAmountPct: instance?.bond?.amountPct ?? null, bondBaseAmountSats: instance?.bond?.baseAmountSats ?? null }
		: null;
	const none = { slashBuyer: false, slashSeller: false };
	const mediator = can(user.role, 'mediate');
	const decisions: DecisionRow[] = rows.map((row) => ({
		id: row.id,
		outcome: row.outcome,
		slashBuyer: row.slash_buyer === 1,
		slashSeller: row.slash_seller === 1,
		reasonCode: row.reason_code,
		justification: row.justification,
		amountSats: row.amount_sats,
		state: row.state,
		proposedBy: row.proposer_name ?? '?',
		proposedAt: row.proposed_at,
		reviewedBy: row.reviewer_name,
		reviewedAt: row.reviewed_at,
		reviewComment: row.review_comment,
		delivery: row.delivery,
		deliveryReason: row.delivery_reason,
		result: resultOf(row.delivery, row.delivery_reason),
		canReview: mediator && row.state === 'proposed' && row.proposed_by !== user.id
	}));
	// A decision got through when the node did what it asked; a cooperative-cancel answer means the parties closed it.
	const cooperative = decisions.some((d) => d.state === 'executed' && d.result === 'cooperatively-canceled');
	const delivered = rows.find(
		(row) => row.state === 'executed' && (row.delivery === 'reconciled' || (row.delivery === 'acknowledged' && resultOf(row.delivery, row.delivery_reason) !== 'cooperatively-canceled'))
	);
	const orderStatus = order?.status ?? null;
	const closed = isClosed(dispute.status, orderStatus);
	let payout: DecisionView['payout'] = null;
	if (cooperative || (delivered?.outcome === 'settle' && dispute.status === 'seller-refunded')) {
		payout = 'seller-refunded';
	} else if (delivered?.outcome === 'settle') {
		payout = orderStatus === 'success' ? 'success' : now - (delivered.delivered_at ?? delivered.updated_at) > PAYOUT_STALL_MS ? 'stalled' : 'pending';
	}
	return {
		verdict,
		orderId: info?.id ?? dispute.order_id,
		amountSats: info?.amount ?? null,
		fiat: info ? { amount: info.fiat_amount, code: order?.fiat_code ?? null } : null,
		bondEnabled,
		fourEyesSats,
		previews: facts ? { settle: previewDecision(facts, 'settle', none), cancel: previewDecision(facts, 'cancel', none) } : null,
		reasonCodes: REASON_CODES,
		decisions,
		orderStatus,
		closedElsewhere: closed && !delivered,
		payout
	};
}
