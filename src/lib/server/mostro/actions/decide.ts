// Settling or cancelling a dispute (PRODUCT.md capability 6; MOSTROD.md §3; PROTOCOL.md
// §4.3–§4.5): checks the decision rules, records the decision (a proposal when four-eyes
// applies), and sends `admin-settle` / `admin-cancel` with the ORDER id, signed with the
// assigned solver's key, through the node messenger (journal + audit). A second user approves
// or rejects a proposal. Must never send a second decision for a dispute, never execute a
// proposal its own author approved, and never return or log a solver secret.
import type { MostroServices } from '../services.ts';
import type { Db, Tx } from '../../db/index.ts';
import type { JournalRow } from '../action-journal.ts';
import type { SendOutcome, SendRequest } from '../node-messenger.ts';
import { appendAudit } from '../../audit/log.ts';
import { Refusal } from '../../errors.ts';
import { can } from '../../auth/access.ts';
import { newRequestId } from '../action-journal.ts';
import { getSolverKey } from '../../vault/solver-keys.ts';
import { openHoldingKey } from '../../vault/holding-key.ts';
import { getInstanceInfo, newestNodePubkey } from '../instance-info-repository.ts';
import { getFourEyesSats } from '../decision-settings.ts';
import { isReviewCommentValid, judgeApproval, judgeDecision, judgeReview, type DecisionInput, type DecisionVerdict, type ReviewBlock } from './decision-rules.ts';
import { buildAdminSettle } from '../../../protocol/actions/admin-settle.ts';
import { buildAdminCancel } from '../../../protocol/actions/admin-cancel.ts';
import { decisionResultOf, type DecisionResult } from '../../../protocol/actions/decision-reply.ts';
import type { Message } from '../../../protocol/message.ts';
import { readableDisputeInfo, readDisputeInfo, type ShownDisputeInfo } from '../../cases/dispute-info.ts';
import { getDispute, setProvenStatus } from '../../cases/dispute-store.ts';
import { readCaseRecord, type CaseRecord } from '../../cases/case-query.ts';
import { getOrderState } from '../../cases/order-store.ts';
import { inTransaction } from '../../domain-events/in-transaction.ts';
import { getDecision, getDecisionOfRequest, getPendingProposal, insertDecision, isDecided, markExecuted, markFailed, reviewProposal, type Decision } from '../../cases/decision-store.ts';
import { personActor, systemActor, type PersonActor } from '../../auth/actor.ts';
import { isRole } from '../../../access/access-rules.ts';

export type DecideResult = { kind: 'proposed'; decisionId: number } | { kind: 'executed'; decisionId: number; outcome: SendOutcome };
/** A reviewer's answer to a proposal (parsed by `parseDecisionReview`). */
export interface DecisionReviewInput {
	decisionId: number;
	approve: boolean;
	comment: string;
}
export type ReviewResult = { kind: 'rejected'; decisionId: number } | { kind: 'executed'; decisionId: number; outcome: SendOutcome };

const permissionOf = (value: string | null | undefined): 'read' | 'read-write' | null => (value === 'read' || value === 'read-write' ? value : null);

/** The stored SolverDisputeInfo (preimage never read here), or null when absent or unreadable. */
export async function readStoredInfo(db: Db | Tx, disputeId: string): Promise<ShownDisputeInfo | null> {
	return readableDisputeInfo(db, disputeId);
}

export { isDecided };

export async function assessDecision(services: Pick<MostroServices, 'db' | 'engine'>, user: PersonActor, disputeId: string): Promise<DecisionVerdict> {
	const record = await readCaseRecord(services.db, disputeId);
	if (!record) throw new Refusal('not_found', 'case.not_found');
	return assessDecisionOf(services, user, record);
}

/** The decision rules applied to a case already read (one read per page). */
export async function assessDecisionOf(services: Pick<MostroServices, 'db' | 'engine'>, user: PersonActor, record: CaseRecord): Promise<DecisionVerdict> {
	const { db } = services;
	const { dispute, order } = record;
	const disputeId = dispute.id;
	const info = record.info.state === 'ok' ? record.info.info : null;
	const [key, decided, proposal, threshold] = await Promise.all([getSolverKey(db, user.userId), isDecided(db, disputeId), getPendingProposal(db, disputeId), getFourEyesSats(db)]);
	return judgeDecision({
		canMediate: can(user.role, 'mediate'),
		disputeStatus: dispute.status,
		orderStatus: order?.status ?? null,
		myUserId: user.userId,
		holderUserId: dispute.holderUserId,
		hasInfo: info !== null,
		myPermission: permissionOf(key?.permission),
		// Held by the node key (a hand-over's operator route): exempt from the daemon's read-write check (MOSTROD.md §3.2).
		heldByNodeKey: record.info.state === 'ok' && record.info.solverPubkey === services.engine.nodePubkey,
		decided,
		pendingProposal: proposal !== null,
		amountSats: info?.amount ?? dispute.amountSats ?? 0,
		fourEyesSats: threshold
	});
}

async function checkBonds(services: Pick<MostroServices, 'db' | 'engine'>, input: DecisionInput): Promise<void> {
	if (!input.slashBuyer && !input.slashSeller) return;
	// A replica that does not lead follows no node itself: the leader's node, from the database.
	const node = services.engine.nodePubkey ?? (await newestNodePubkey(services.db));
	const info = node ? await getInstanceInfo(services.db, node) : null;
	if (!info?.bondEnabled) throw new Refusal('invalid_input', 'decision.error.no_bonds', { field: 'slash' });
}

/** Records the decision: executes it now, or as a proposal when four-eyes applies. */
export async function decide(services: MostroServices, user: PersonActor, disputeId: string, input: DecisionInput): Promise<DecideResult> {
	const verdict = await assessDecision(services, user, disputeId);
	if (!verdict.allowed) throw new Refusal(verdict.reason === 'auditor' ? 'not_authorized' : 'conflict', `decision.blocked.${verdict.reason}`);
	const info = await readStoredInfo(services.db, disputeId);
	if (!info) throw new Refusal('conflict', 'decision.blocked.not_taken');
	if (input.confirmOrderId !== info.id) throw new Refusal('invalid_input', 'decision.error.confirm', { field: 'confirmOrderId' });
	await checkBonds(services, input);
	const now = Date.now();
	const base = {
		disputeId,
		orderId: info.id,
		outcome: input.outcome,
		slashBuyer: input.slashBuyer,
		slashSeller: input.slashSeller,
		reasonCode: input.reasonCode,
		justification: input.justification,
		amountSats: info.amount,
		proposedBy: user.userId,
		now
	};
	if (verdict.fourEyes) {
		const decisionId = await inTransaction(services.db, services.events, async (tx, emit) => {
			if ((await isDecided(tx, disputeId)) || (await getPendingProposal(tx, disputeId))) throw new Refusal('conflict', 'decision.blocked.already_decided');
			const id = await insertDecision(tx, { ...base, state: 'proposed' });
			emit({ type: 'DecisionProposed', disputeId, decisionId: id });
			await appendAudit(tx, user, {
				action: 'decision.proposed',
				subject: `dispute:${disputeId}`,
				details: { decisionId: id, orderId: info.id, outcome: input.outcome, slashBuyer: input.slashBuyer, slashSeller: input.slashSeller, amountSats: info.amount, reasonCode: input.reasonCode, justification: input.justification },
				at: now
			});
			return id;
		});
		return { kind: 'proposed', decisionId };
	}
	const decisionId = await services.db.transaction().execute(async (tx) => insertDecision(tx, { ...base, state: 'approved' }));
	return { kind: 'executed', decisionId, outcome: await execute(services, decisionId, { id: user.userId, name: user.name }, user) };
}

const REVIEW_REFUSALS: Record<ReviewBlock, [Refusal['code'], Refusal['messageKey']]> = {
	reviewed: ['conflict', 'decision.error.reviewed'],
	own_proposal: ['not_authorized', 'decision.error.own_proposal'],
	closed: ['conflict', 'decision.blocked.closed'],
	holder_changed: ['conflict', 'decision.error.holder_changed']
};

function reviewRefusal(block: ReviewBlock): Refusal {
	const [code, key] = REVIEW_REFUSALS[block];
	return new Refusal(code, key);
}

/** A second user's approval (then execution with the holder's key) or rejection of a proposal. */
export async function reviewDecision(services: MostroServices, reviewer: PersonActor, disputeId: string, review: DecisionReviewInput): Promise<ReviewResult> {
	const { decisionId } = review;
	if (!can(reviewer.role, 'mediate')) throw new Refusal('not_authorized', 'decision.blocked.auditor');
	const comment = review.comment.trim();
	if (!isReviewCommentValid(comment)) throw new Refusal('invalid_input', 'decision.error.comment', { field: 'comment' });
	const { db } = services;
	const proposal = await getDecision(db, decisionId, disputeId);
	if (!proposal) throw new Refusal('not_found', 'decision.error.not_found');
	const refused = judgeReview({ reviewerId: reviewer.userId, proposalState: proposal.state, proposedBy: proposal.proposedBy });
	if (refused) throw reviewRefusal(refused);
	const now = Date.now();
	if (!review.approve) {
		await inTransaction(db, services.events, async (tx, emit) => {
			if (!(await reviewProposal(tx, decisionId, { state: 'rejected', reviewerId: reviewer.userId, comment, now }))) throw new Refusal('conflict', 'decision.error.reviewed');
			emit({ type: 'DecisionReviewed', disputeId, decisionId, approved: false });
			await appendAudit(tx, reviewer, {
				action: 'decision.rejected',
				subject: `dispute:${disputeId}`,
				details: { decisionId, proposedBy: proposal.proposedBy, outcome: proposal.outcome, reasonCode: proposal.reasonCode, comment },
				at: now
			});
		});
		return { kind: 'rejected', decisionId };
	}
	const dispute = await getDispute(db, disputeId);
	if (!dispute) throw new Refusal('not_found', 'case.not_found');
	const order = await getOrderState(db, dispute.orderId);
	const blocked = judgeApproval({ disputeStatus: dispute.status, orderStatus: order?.status ?? null, holderUserId: dispute.holderUserId, proposedBy: proposal.proposedBy });
	if (blocked) throw reviewRefusal(blocked);
	const holder = await db.selectFrom('users').select(['id', 'name', 'role', 'locale', 'theme', 'disabled']).where('id', '=', proposal.proposedBy).executeTakeFirstOrThrow();
	const owner = { id: holder.id, name: holder.name };
	await inTransaction(db, services.events, async (tx, emit) => {
		if (!(await reviewProposal(tx, decisionId, { state: 'approved', reviewerId: reviewer.userId, comment, now }))) throw new Refusal('conflict', 'decision.error.reviewed');
		emit({ type: 'DecisionReviewed', disputeId, decisionId, approved: true });
		await appendAudit(tx, reviewer, {
			action: 'decision.approved',
			subject: `dispute:${disputeId}`,
			details: { decisionId, proposedBy: proposal.proposedBy, outcome: proposal.outcome, reasonCode: proposal.reasonCode, comment },
			at: now
		});
	});
	return { kind: 'executed', decisionId, outcome: await execute(services, decisionId, owner, reviewer) };
}

/**
 * Sends the decision with the key of `keyOwner` (the assigned solver). The row goes to
 * `executed` in the transaction that re-checks nothing else was sent; a send that throws
 * before reaching the journal leaves it `failed`.
 */
async function execute(services: MostroServices, decisionId: number, keyOwner: { id: number; name: string }, actor: PersonActor): Promise<SendOutcome> {
	const { db } = services;
	const requestId = newRequestId();
	// The key the node holds the dispute under: the owner's solver key, or the node key after a hand-over's operator route.
	const pending = await getDecision(db, decisionId);
	const held = pending ? await readDisputeInfo(db, pending.disputeId) : null;
	const keys = { db, sealer: services.sealer, launcherNodeKey: services.launcherNodeKey, nodePubkey: () => services.engine.nodePubkey };
	const key = await openHoldingKey(keys, keyOwner.id, held?.state === 'ok' ? held.solverPubkey : null);
	try {
		if (!key) throw new Refusal('not_authorized', 'decision.blocked.no_solver_key');
		const row = await inTransaction(db, services.events, async (tx, emit) => {
			const decision = await getDecision(tx, decisionId);
			if (!decision) throw new Refusal('not_found', 'decision.error.not_found');
			if (await isDecided(tx, decision.disputeId)) throw new Refusal('conflict', 'decision.blocked.already_decided');
			await markExecuted(tx, decisionId, requestId, key.pubkey, Date.now());
			emit({ type: 'DecisionExecuted', disputeId: decision.disputeId, decisionId });
			await appendAudit(tx, actor, {
				action: 'decision.executed',
				subject: `dispute:${decision.disputeId}`,
				details: {
					decisionId,
					requestId,
					orderId: decision.orderId,
					outcome: decision.outcome,
					amountSats: decision.amountSats,
					slashBuyer: decision.slashBuyer,
					slashSeller: decision.slashSeller,
					reasonCode: decision.reasonCode,
					justification: decision.justification,
					proposedBy: decision.proposedBy,
					solver: keyOwner.name,
					nodeKey: key.pubkey === services.engine.nodePubkey
				}
			});
			return decision;
		});
		return await services.messenger.send({ ...decisionRequest(row, requestId), signer: key, actor });
	} catch (error) {
		// Nothing reached the journal: the decision did not leave the console.
		if (!(await db.selectFrom('action_journal').select('id').where('request_id', '=', requestId).executeTakeFirst())) {
			await db.transaction().execute(async (tx) => {
				if (await markFailed(tx, decisionId, Date.now())) {
					await appendAudit(tx, actor, { action: 'decision.failed', subject: null, details: { decisionId, requestId, error: error instanceof Error ? error.message : String(error) } });
				}
			});
		}
		throw error;
	} finally {
		key?.secret.fill(0);
	}
}

/**
 * An approved decision a restart cut off before it reached the journal (decision-resender.ts):
 * executed now, as approved, with the proposer's key and the approver as actor; marked failed
 * when the case moved on (closed, another holder) or a user is gone. Never sends when the
 * dispute is already decided.
 */
export async function resumeApprovedDecision(services: MostroServices, decisionId: number): Promise<void> {
	const { db } = services;
	const decision = await getDecision(db, decisionId);
	if (!decision || decision.state !== 'approved' || decision.requestId !== null) return;
	const dispute = await getDispute(db, decision.disputeId);
	const order = dispute ? await getOrderState(db, dispute.orderId) : null;
	const approverId = decision.reviewedBy ?? decision.proposedBy;
	const users = await db.selectFrom('users').select(['id', 'name', 'role', 'disabled']).where('id', 'in', [decision.proposedBy, approverId]).execute();
	const owner = users.find((u) => u.id === decision.proposedBy);
	const approver = users.find((u) => u.id === approverId);
	const blocked = !dispute || judgeApproval({ disputeStatus: dispute.status, orderStatus: order?.status ?? null, holderUserId: dispute.holderUserId, proposedBy: decision.proposedBy }) !== null;
	if (blocked || !owner || !approver || !isRole(approver.role) || (await isDecided(db, decision.disputeId))) {
		await db.transaction().execute(async (tx) => {
			if (await markFailed(tx, decisionId, Date.now())) {
				await appendAudit(tx, systemActor('system', approverId), { action: 'decision.failed', subject: `dispute:${decision.disputeId}`, details: { decisionId, reason: 'interrupted' } });
			}
		});
		return;
	}
	await execute(services, decisionId, { id: owner.id, name: owner.name }, personActor({ id: approver.id, name: approver.name, role: approver.role }));
}

/** The message carrying a decision to the node, as first sent and as sent again (decision-resender.ts). */
export function decisionRequest(decision: Decision, requestId: number): Omit<SendRequest, 'signer' | 'actor'> {
	const slash = decision.slashBuyer || decision.slashSeller ? { slash_buyer: decision.slashBuyer, slash_seller: decision.slashSeller } : null;
	const build = decision.outcome === 'settle' ? buildAdminSettle : buildAdminCancel;
	return {
		action: decision.outcome === 'settle' ? 'admin-settle' : 'admin-cancel',
		message: build({ orderId: decision.orderId, requestId, bondResolution: slash }),
		requestId,
		disputeId: decision.disputeId,
		orderId: decision.orderId,
		details: { decisionId: decision.id, reasonCode: decision.reasonCode, slashBuyer: decision.slashBuyer, slashSeller: decision.slashSeller }
	};
}

/** Dispute status an answer proves (the public revision follows); a cooperative cancel changes nothing (T10). */
const RESULT_STATUS: Partial<Record<DecisionResult, string>> = { settled: 'settled', canceled: 'seller-refunded' };

/** Applied in the journal's transaction when the node answers a settle or cancel. */
export async function applyDecisionReply(tx: Tx, entry: JournalRow, reply: Message): Promise<void> {
	if (!entry.dispute_id) return;
	const result = decisionResultOf(reply);
	const status = RESULT_STATUS[result];
	if (status) await setProvenStatus(tx, entry.dispute_id, status, Date.now());
	const decision = await getDecisionOfRequest(tx, entry.request_id);
	await appendAudit(tx, systemActor('node', entry.actor_user_id), {
		action: 'decision.outcome',
		subject: `dispute:${entry.dispute_id}`,
		details: { decisionId: decision?.id ?? null, requestId: entry.request_id, reply: reply.kind.action, result, outcome: decision?.outcome ?? null, reasonCode: decision?.reasonCode ?? null }
	});
}
