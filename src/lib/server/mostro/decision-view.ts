// What the case page (and the API) shows about deciding one dispute (PRODUCT.md capability 6):
// whether this user may decide and why not, the outcome previews, the decisions with their
// proposals, reviews and delivery state from the journal, the buyer payout's progress after a
// settle, what the node's answer really did with the money (a settle answered
// `cooperative-cancel-accepted` paid nobody: the seller was refunded), and whether the dispute
// closed without us. Reads only; never returns a secret.
import type { PersonActor } from '../auth/actor.ts';
import type { MostroServices } from './services.ts';
import { can } from '../auth/access.ts';
import { getInstanceInfo } from './instance-info-repository.ts';
import { getFourEyesSats } from './decision-settings.ts';
import { assessDecisionOf } from './actions/decide.ts';
import { isClosed, REASON_CODES, type DecisionVerdict } from './actions/decision-rules.ts';
import { previewDecision, type DecisionPreview } from './actions/decision-preview.ts';
import { decisionResultOfAction, type DecisionResult } from '../../protocol/actions/decision-reply.ts';
import { readCaseRecord, type CaseRecord } from '../cases/case-query.ts';
import { listDecisionHistory } from '../cases/decision-store.ts';
import { caseMoney, type CaseMoney } from '../cases/case-money.ts';
import { Refusal } from '../errors.ts';
import { neverLeft } from './decision-resender.ts';

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
	/** Journal state of the message sent (acknowledged, refused, no-answer, reconciled, sent), or `waiting-relay` while it never left the console. */
	delivery: string | null;
	deliveryReason: string | null;
	/** What the node's answer did (settled, canceled, cooperatively canceled, refused); null before an answer. */
	result: DecisionResult | null;
	/** This user may approve or reject it. */
	canReview: boolean;
	/** This user proposed it and may still take it back. */
	canWithdraw: boolean;
}

export interface DecisionView {
	verdict: DecisionVerdict;
	orderId: string | null;
	amountSats: number | null;
	/** The case's money (escrow held, payout, fees) from case-money.ts; null before the info is known. */
	money: CaseMoney | null;
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

/**
 * An executed decision whose event never left the console (every relay "not connected"), or
 * whose send a restart cut before any relay answered while none is reachable now: it goes
 * out once a relay is back (decision-resender.ts), across restarts.
 */
function waitingForRelay(row: { state: string; delivery: string | null; deliveryReceipts: string | null }, reachable: () => boolean): boolean {
	if (row.state !== 'executed' || (row.delivery !== 'sent' && row.delivery !== 'no-answer') || row.deliveryReceipts === null) return false;
	const unsent = neverLeft({ receipts: row.deliveryReceipts });
	return unsent === true || (unsent === null && !reachable());
}

/** `record`: the case as already read for the same page, so the page reads it once. */
export async function loadDecisionView(services: Pick<MostroServices, 'db' | 'engine'>, user: PersonActor, disputeId: string, now = Date.now(), record?: CaseRecord): Promise<DecisionView> {
	const { db } = services;
	const read = record ?? (await readCaseRecord(db, disputeId));
	if (!read) throw new Refusal('not_found', 'case.not_found');
	const { dispute, order } = read;
	const info = read.info.state === 'ok' ? read.info.info : null;
	const node = services.engine.nodePubkey;
	const [verdict, instance, fourEyesSats, rows] = await Promise.all([assessDecisionOf(services, user, read), node ? getInstanceInfo(db, node) : null, getFourEyesSats(db), listDecisionHistory(db, disputeId)]);
	const bondEnabled = instance?.bondEnabled ?? false;
	const facts = info ? { amount: info.amount, fee: info.fee, hash: info.hash, bondEnabled, bondAmountPct: instance?.bond?.amountPct ?? null, bondBaseAmountSats: instance?.bond?.baseAmountSats ?? null } : null;
	const none = { slashBuyer: false, slashSeller: false };
	const orderStatus = order?.status ?? null;
	const closed = isClosed(dispute.status, orderStatus);
	// A proposal on a closed dispute cannot be approved any more (reviewDecision refuses it).
	const mediator = can(user.role, 'mediate') && !closed;
	// Read only for a decision that may be waiting for a relay.
	const reachable = () => services.engine.health().relays.some((relay) => relay.status === 'connected');
	const decisions: DecisionRow[] = rows.map((row) => ({
		id: row.id,
		outcome: row.outcome,
		slashBuyer: row.slashBuyer,
		slashSeller: row.slashSeller,
		reasonCode: row.reasonCode,
		justification: row.justification,
		amountSats: row.amountSats,
		state: row.state,
		proposedBy: row.proposerName ?? '?',
		proposedAt: row.proposedAt,
		reviewedBy: row.reviewerName,
		reviewedAt: row.reviewedAt,
		reviewComment: row.reviewComment,
		delivery: waitingForRelay(row, reachable) ? 'waiting-relay' : row.delivery,
		deliveryReason: row.deliveryReason,
		result: resultOf(row.delivery, row.deliveryReason),
		canReview: mediator && row.state === 'proposed' && row.proposedBy !== user.userId,
		canWithdraw: mediator && row.state === 'proposed' && row.proposedBy === user.userId
	}));
	// A decision got through when the node did what it asked; a cooperative-cancel answer means the parties closed it.
	const cooperative = decisions.some((d) => d.state === 'executed' && d.result === 'cooperatively-canceled');
	const delivered = rows.find((row) => row.state === 'executed' && (row.delivery === 'reconciled' || (row.delivery === 'acknowledged' && resultOf(row.delivery, row.deliveryReason) !== 'cooperatively-canceled')));
	let payout: DecisionView['payout'] = null;
	if (cooperative || (delivered?.outcome === 'settle' && dispute.status === 'seller-refunded')) {
		payout = 'seller-refunded';
	} else if (delivered?.outcome === 'settle') {
		payout = orderStatus === 'success' ? 'success' : now - (delivered.deliveredAt ?? delivered.updatedAt) > PAYOUT_STALL_MS ? 'stalled' : 'pending';
	}
	return {
		verdict,
		orderId: info?.id ?? dispute.orderId,
		amountSats: info?.amount ?? null,
		money: facts ? caseMoney(facts, facts) : null,
		fiat: info ? { amount: info.fiat_amount, code: order?.fiatCode ?? null } : null,
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
