// The `decisions` table (PRODUCT.md capability 6): decisions and four-eyes proposals, their
// reviews and the request that carried them to the node. Returns domain types; never sends
// anything and never decides whether a decision is allowed (decision-rules.ts does).
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { DecisionsTable } from '../db/schema.ts';

export type DecisionState = DecisionsTable['state'];

export interface Decision {
	id: number;
	disputeId: string;
	orderId: string;
	outcome: 'settle' | 'cancel';
	slashBuyer: boolean;
	slashSeller: boolean;
	reasonCode: string;
	justification: string;
	/** The order amount (SolverDisputeInfo.amount) when it was decided; money views use case-money.ts. */
	amountSats: number;
	state: DecisionState;
	proposedBy: number;
	/** Epoch ms. */
	proposedAt: number;
	reviewedBy: number | null;
	reviewedAt: number | null;
	reviewComment: string | null;
	executedByKey: string | null;
	requestId: number | null;
	updatedAt: number;
}

function decisionOf(row: Selectable<DecisionsTable>): Decision {
	return {
		id: row.id,
		disputeId: row.dispute_id,
		orderId: row.order_id,
		outcome: row.outcome,
		slashBuyer: row.slash_buyer === 1,
		slashSeller: row.slash_seller === 1,
		reasonCode: row.reason_code,
		justification: row.justification,
		amountSats: row.amount_sats,
		state: row.state,
		proposedBy: row.proposed_by,
		proposedAt: row.proposed_at,
		reviewedBy: row.reviewed_by,
		reviewedAt: row.reviewed_at,
		reviewComment: row.review_comment,
		executedByKey: row.executed_by_key,
		requestId: row.request_id,
		updatedAt: row.updated_at
	};
}

/** True once a decision was handed to the node and not refused (or is being handed now). */
export async function isDecided(db: Db | Tx, disputeId: string): Promise<boolean> {
	const row = await db
		.selectFrom('decisions')
		.leftJoin('action_journal', 'action_journal.request_id', 'decisions.request_id')
		.select('decisions.id')
		.where('decisions.dispute_id', '=', disputeId)
		.where('decisions.state', '=', 'executed')
		.where((eb) => eb.or([eb('action_journal.state', 'is', null), eb('action_journal.state', '!=', 'refused')]))
		.executeTakeFirst();
	return row !== undefined;
}

export async function getPendingProposal(db: Db | Tx, disputeId: string): Promise<Decision | null> {
	const row = await db.selectFrom('decisions').selectAll().where('dispute_id', '=', disputeId).where('state', '=', 'proposed').executeTakeFirst();
	return row ? decisionOf(row) : null;
}

/** One decision; with `disputeId`, only when it belongs to that dispute. */
export async function getDecision(db: Db | Tx, decisionId: number, disputeId?: string): Promise<Decision | null> {
	let query = db.selectFrom('decisions').selectAll().where('id', '=', decisionId);
	if (disputeId !== undefined) query = query.where('dispute_id', '=', disputeId);
	const row = await query.executeTakeFirst();
	return row ? decisionOf(row) : null;
}

export async function getDecisionOfRequest(db: Db | Tx, requestId: number): Promise<Decision | null> {
	const row = await db.selectFrom('decisions').selectAll().where('request_id', '=', requestId).executeTakeFirst();
	return row ? decisionOf(row) : null;
}

/** Approved decisions never handed to the messenger (no request) whose last change is older than `before`: an approval a restart cut off before execution. */
export async function listStrandedApprovals(db: Db, before: number): Promise<number[]> {
	const rows = await db.selectFrom('decisions').select('id').where('state', '=', 'approved').where('request_id', 'is', null).where('updated_at', '<', before).execute();
	return rows.map((row) => Number(row.id));
}

export interface NewDecision {
	disputeId: string;
	orderId: string;
	outcome: 'settle' | 'cancel';
	slashBuyer: boolean;
	slashSeller: boolean;
	reasonCode: string;
	justification: string;
	amountSats: number;
	proposedBy: number;
	state: 'proposed' | 'approved';
	now: number;
}

export async function insertDecision(tx: Tx, d: NewDecision): Promise<number> {
	const inserted = await tx
		.insertInto('decisions')
		.values({
			dispute_id: d.disputeId,
			order_id: d.orderId,
			outcome: d.outcome,
			slash_buyer: d.slashBuyer ? 1 : 0,
			slash_seller: d.slashSeller ? 1 : 0,
			reason_code: d.reasonCode,
			justification: d.justification,
			amount_sats: d.amountSats,
			proposed_by: d.proposedBy,
			proposed_at: d.now,
			updated_at: d.now,
			state: d.state
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return inserted.id;
}

/** A proposal's review; false when it was no longer `proposed`. */
export async function reviewProposal(tx: Tx, decisionId: number, review: { state: 'approved' | 'rejected'; reviewerId: number; comment: string; now: number }): Promise<boolean> {
	const changed = await tx
		.updateTable('decisions')
		.set({ state: review.state, reviewed_by: review.reviewerId, reviewed_at: review.now, review_comment: review.comment, updated_at: review.now })
		.where('id', '=', decisionId)
		.where('state', '=', 'proposed')
		.executeTakeFirst();
	return Number(changed.numUpdatedRows) === 1;
}

/** The proposer takes back a pending proposal; false when it was no longer `proposed` or not theirs. */
export async function withdrawProposal(tx: Tx, decisionId: number, proposerId: number, now: number): Promise<boolean> {
	const changed = await tx.updateTable('decisions').set({ state: 'withdrawn', updated_at: now }).where('id', '=', decisionId).where('state', '=', 'proposed').where('proposed_by', '=', proposerId).executeTakeFirst();
	return Number(changed.numUpdatedRows) === 1;
}

export async function markExecuted(tx: Tx, decisionId: number, requestId: number, keyPubkey: string, now: number): Promise<void> {
	await tx.updateTable('decisions').set({ state: 'executed', request_id: requestId, executed_by_key: keyPubkey, updated_at: now }).where('id', '=', decisionId).execute();
}

/** An approved or executing decision that never reached the journal; false when it was not in such a state. */
export async function markFailed(tx: Tx, decisionId: number, now: number): Promise<boolean> {
	const changed = await tx.updateTable('decisions').set({ state: 'failed', updated_at: now }).where('id', '=', decisionId).where('state', 'in', ['approved', 'executed']).executeTakeFirst();
	return Number(changed.numUpdatedRows) === 1;
}

export interface DecisionHistoryRow extends Decision {
	proposerName: string | null;
	reviewerName: string | null;
	/** Journal state of the message that carried it, and its reason. */
	delivery: string | null;
	deliveryReason: string | null;
	/** Epoch ms the journal last changed. */
	deliveredAt: number | null;
	/** The journal's per-relay receipts (JSON as stored), or null without a journal row. */
	deliveryReceipts: string | null;
}

/** A dispute's decisions, newest first, with the names and the journal state of their message. */
export async function listDecisionHistory(db: Db, disputeId: string): Promise<DecisionHistoryRow[]> {
	const rows = await db
		.selectFrom('decisions')
		.leftJoin('action_journal', 'action_journal.request_id', 'decisions.request_id')
		.leftJoin('users as proposer', 'proposer.id', 'decisions.proposed_by')
		.leftJoin('users as reviewer', 'reviewer.id', 'decisions.reviewed_by')
		.selectAll('decisions')
		.select([
			'proposer.name as proposer_name',
			'reviewer.name as reviewer_name',
			'action_journal.state as delivery',
			'action_journal.reason as delivery_reason',
			'action_journal.updated_at as delivered_at',
			'action_journal.receipts as delivery_receipts'
		])
		.where('decisions.dispute_id', '=', disputeId)
		.orderBy('decisions.proposed_at', 'desc')
		.execute();
	return rows.map((row) => ({
		...decisionOf(row),
		proposerName: row.proposer_name,
		reviewerName: row.reviewer_name,
		delivery: row.delivery,
		deliveryReason: row.delivery_reason,
		deliveredAt: row.delivered_at,
		deliveryReceipts: row.delivery_receipts
	}));
}

/** Executed decisions by the request that carried them (Reports credits the proposer, not the approver). */
export async function listExecutedByRequest(db: Db, requestIds: number[]): Promise<Map<number, Decision>> {
	if (requestIds.length === 0) return new Map();
	const rows = await db.selectFrom('decisions').selectAll().where('request_id', 'in', requestIds).execute();
	return new Map(rows.flatMap((row) => (row.request_id === null ? [] : [[row.request_id, decisionOf(row)] as const])));
}
