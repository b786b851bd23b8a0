// Who may decide a dispute, and when (PRODUCT.md capability 6; MOSTROD.md §3.2, §3.6, §5):
// the assigned holder with a read-write solver key, on a dispute that is still open, with no
// proposal pending and no decision already sent. Also the four-eyes threshold rule, who may
// review a proposal, and the parsing of a decision request. Pure: the node remains the judge;
// this only spares users a refusal, and the server re-checks it before every send. Must never
// allow a second decision.
export const REASON_CODES = ['fiat_not_received', 'buyer_unresponsive', 'seller_unresponsive', 'fraud_attempt', 'wrong_account', 'other'] as const;
export type ReasonCode = (typeof REASON_CODES)[number];
export type DecisionOutcome = 'settle' | 'cancel';

/** Dispute statuses after which nothing can be decided (MOSTROD.md §9.2). */
export const CLOSED_DISPUTE_STATUSES: ReadonlySet<string> = new Set(['settled', 'seller-refunded', 'released', 'cooperatively-canceled']);
/** Order (38383) buckets that prove the trade ended. */
export const CLOSED_ORDER_STATUSES: ReadonlySet<string> = new Set(['success', 'canceled', 'completed-by-admin', 'expired']);

export type DecisionBlock = 'auditor' | 'closed' | 'already_decided' | 'pending_proposal' | 'not_taken' | 'not_holder' | 'no_solver_key' | 'read_only' | 'read_only_node_key';

export type DecisionVerdict = { allowed: true; fourEyes: boolean } | { allowed: false; reason: DecisionBlock };

export interface DecisionFacts {
	canMediate: boolean;
	disputeStatus: string;
	orderStatus: string | null;
	myUserId: number;
	holderUserId: number | null;
	hasInfo: boolean;
	/** The holder's own solver key (null: none). */
	myPermission: 'read' | 'read-write' | null;
	/**
	 * The node key holds the case for the holder (a hand-over's operator route). The daemon exempts
	 * the node key from its read-write check; the console does not let a holder whose own key is
	 * read-only decide through it, so the operator route never widens a mediator's mandate.
	 */
	heldByNodeKey: boolean;
	/** A decision sent whose journal row was not refused. */
	decided: boolean;
	/** A proposal waiting for its review. */
	pendingProposal: boolean;
	amountSats: number;
	fourEyesSats: number | null;
}

export function needsFourEyes(amountSats: number, threshold: number | null): boolean {
	if (threshold === null) return false;
	return threshold === 0 || amountSats > threshold;
}

export function isClosed(disputeStatus: string, orderStatus: string | null): boolean {
	return CLOSED_DISPUTE_STATUSES.has(disputeStatus) || (orderStatus !== null && CLOSED_ORDER_STATUSES.has(orderStatus));
}

export function judgeDecision(f: DecisionFacts): DecisionVerdict {
	if (!f.canMediate) return { allowed: false, reason: 'auditor' };
	if (f.decided) return { allowed: false, reason: 'already_decided' };
	if (isClosed(f.disputeStatus, f.orderStatus)) return { allowed: false, reason: 'closed' };
	if (f.pendingProposal) return { allowed: false, reason: 'pending_proposal' };
	if (f.disputeStatus !== 'in-progress' || f.holderUserId === null || !f.hasInfo) return { allowed: false, reason: 'not_taken' };
	if (f.holderUserId !== f.myUserId) return { allowed: false, reason: 'not_holder' };
	if (f.heldByNodeKey) {
		if (f.myPermission === 'read') return { allowed: false, reason: 'read_only_node_key' };
		return { allowed: true, fourEyes: needsFourEyes(f.amountSats, f.fourEyesSats) };
	}
	if (f.myPermission === null) return { allowed: false, reason: 'no_solver_key' };
	if (f.myPermission !== 'read-write') return { allowed: false, reason: 'read_only' };
	return { allowed: true, fourEyes: needsFourEyes(f.amountSats, f.fourEyesSats) };
}

export type ReviewBlock = 'reviewed' | 'own_proposal' | 'closed' | 'holder_changed';

export const REVIEW_COMMENT_MIN = 3;
export const REVIEW_COMMENT_MAX = 2000;

/** A reviewer's comment is required, trimmed, within bounds. */
export function isReviewCommentValid(comment: string): boolean {
	const trimmed = comment.trim();
	return trimmed.length >= REVIEW_COMMENT_MIN && trimmed.length <= REVIEW_COMMENT_MAX;
}

/** May this user review (approve or reject) this proposal? Never its own author (four eyes). */
export function judgeReview(f: { reviewerId: number; proposalState: string; proposedBy: number }): ReviewBlock | null {
	if (f.proposalState !== 'proposed') return 'reviewed';
	if (f.proposedBy === f.reviewerId) return 'own_proposal';
	return null;
}

/** An approval executes with the author's key: only while the dispute is open and still theirs. */
export function judgeApproval(f: { disputeStatus: string; orderStatus: string | null; holderUserId: number | null; proposedBy: number }): ReviewBlock | null {
	if (isClosed(f.disputeStatus, f.orderStatus)) return 'closed';
	if (f.holderUserId !== f.proposedBy) return 'holder_changed';
	return null;
}

export interface DecisionInput {
	outcome: DecisionOutcome;
	slashBuyer: boolean;
	slashSeller: boolean;
	reasonCode: ReasonCode;
	justification: string;
	/** The order id the user confirmed (must match the dispute's order). */
	confirmOrderId: string;
}

export type ParsedDecision = { ok: true; input: DecisionInput } | { ok: false; field: 'outcome' | 'reasonCode' | 'justification' | 'confirmOrderId' | 'slash' };

export const JUSTIFICATION_MIN = 10;
export const JUSTIFICATION_MAX = 2000;

/** Parses untrusted fields (form or JSON) into a decision request. */
export function parseDecisionInput(raw: Record<string, unknown>): ParsedDecision {
	const outcome = raw.outcome;
	if (outcome !== 'settle' && outcome !== 'cancel') return { ok: false, field: 'outcome' };
	const reasonCode = raw.reasonCode;
	if (typeof reasonCode !== 'string' || !(REASON_CODES as readonly string[]).includes(reasonCode)) return { ok: false, field: 'reasonCode' };
	const justification = typeof raw.justification === 'string' ? raw.justification.trim() : '';
	if (justification.length < JUSTIFICATION_MIN || justification.length > JUSTIFICATION_MAX) return { ok: false, field: 'justification' };
	const confirmOrderId = typeof raw.confirmOrderId === 'string' ? raw.confirmOrderId.trim() : '';
	if (!/^[0-9a-f-]{36}$/i.test(confirmOrderId)) return { ok: false, field: 'confirmOrderId' };
	const flag = (value: unknown): boolean | null => (value === true || value === 'on' || value === 'true' ? true : value === undefined || value === null || value === false || value === '' || value === 'false' ? false : null);
	const slashBuyer = flag(raw.slashBuyer);
	const slashSeller = flag(raw.slashSeller);
	if (slashBuyer === null || slashSeller === null) return { ok: false, field: 'slash' };
	return { ok: true, input: { outcome, slashBuyer, slashSeller, reasonCode: reasonCode as ReasonCode, justification, confirmOrderId: confirmOrderId.toLowerCase() } };
}
