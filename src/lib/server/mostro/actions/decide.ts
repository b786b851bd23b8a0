// Settling or cancelling a dispute (PRODUCT.md capability 6; MOSTROD.md §3; PROTOCOL.md
// §4.3–§4.5): checks the decision rules, records the decision (a proposal when four-eyes
// applies), and sends `admin-settle` / `admin-cancel` with the ORDER id, signed with the
// assigned solver's key, through the node messenger (journal + audit). A second user approves
// or rejects a proposal. Must never send a second decision for a dispute, never execute a
// proposal its own author approved, and never return or log a solver secret.
import type { MostroServices } from '../services.ts';
import type { Db, Tx } from '../../db/index.ts';
import type { JournalRow } from '../action-journal.ts';
import type { SendOutcome } from '../node-messenger.ts';
import type { SessionUser } from '../../auth/session-types.ts';
import { appendAudit } from '../../audit/log.ts';
import { Refusal } from '../../errors.ts';
import { can } from '../../auth/access.ts';
import { newRequestId } from '../action-journal.ts';
import { getSolverKey, openSolverSecret } from '../../vault/solver-keys.ts';
import { getInstanceInfo } from '../instance-info-repository.ts';
import { getFourEyesSats } from '../decision-settings.ts';
import { isReviewCommentValid, judgeApproval, judgeDecision, judgeReview, type DecisionInput, type DecisionVerdict, type ReviewBlock } from './decision-rules.ts';
import { buildAdminSettle } from '../../../protocol/actions/admin-settle.ts';
import { buildAdminCancel } from '../../../protocol/actions/admin-cancel.ts';
import { decisionResultOf, type DecisionResult } from '../../../protocol/actions/decision-reply.ts';
import { parseSolverDisputeInfo } from '../../../protocol/payload-parse.ts';
import type { SolverDisputeInfo } from '../../../protocol/payload.ts';
import type { Message } from '../../../protocol/message.ts';

export type DecideResult = { kind: 'proposed'; decisionId: number } | { kind: 'executed'; decisionId: number; outcome: SendOutcome };
export type ReviewResult = { kind: 'rejected'; decisionId: number } | { kind: 'executed'; decisionId: number; outcome: SendOutcome };

const permissionOf = (value: string | null | undefined): 'read' | 'read-write' | null => (value === 'read' || value === 'read-write' ? value : null);

/** The stored SolverDisputeInfo (preimage never read here), or null. */
export async function readStoredInfo(db: Db | Tx, disputeId: string): Promise<Omit<SolverDisputeInfo, 'preimage'> | null> {
	const row = await db.selectFrom('dispute_info').select('info').where('dispute_id', '=', disputeId).executeTakeFirst();
	if (!row) return null;
	try {
		const { preimage: _drop, ...shown } = parseSolverDisputeInfo({ ...(JSON.parse(row.info) as Record<string, unknown>), preimage: null });
		return shown;
	} catch {
		return null;
	}
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

async function pendingProposal(db: Db | Tx, disputeId: string) {
	return db.selectFrom('decisions').selectAll().where('dispute_id', '=', disputeId).where('state', '=', 'proposed').executeTakeFirst();
}

export async function assessDecision(services: Pick<MostroServices, 'db'>, user: SessionUser, disputeId: string): Promise<DecisionVerdict> {
	const { db } = services;
	const dispute = await db.selectFrom('disputes').selectAll().where('id', '=', disputeId).executeTakeFirst();
	if (!dispute) throw new Refusal('not_found', 'case.not_found');
	const [info, order, key, decided, proposal, threshold] = await Promise.all([
		readStoredInfo(db, disputeId),
		dispute.order_id ? db.selectFrom('orders').select('status').where('id', '=', dispute.order_id).executeTakeFirst() : undefined,
		getSolverKey(db, user.id),
		isDecided(db, disputeId),
		pendingProposal(db, disputeId),
		getFourEyesSats(db)
	]);
	return judgeDecision({
		canMediate: can(user.role, 'mediate'),
		disputeStatus: dispute.status,
		orderStatus: order?.status ?? null,
		myUserId: user.id,
		holderUserId: dispute.holder_user_id,
		hasInfo: info !== null,
		myPermission: permissionOf(key?.permission),
		decided,
		pendingProposal: proposal !== undefined,
		amountSats: info?.amount ?? dispute.amount_sats ?? 0,
		fourEyesSats: threshold
	});
}

async function checkBonds(services: Pick<MostroServices, 'db' | 'engine'>, input: DecisionInput): Promise<void> {
	if (!input.slashBuyer && !input.slashSeller) return;
	const node = services.engine.nodePubkey;
	const info = node ? await getInstanceInfo(services.db, node) : null;
	if (!info?.bondEnabled) throw new Refusal('invalid_input', 'decision.error.no_bonds', { field: 'slash' });
}

/** Records the decision: executes it now, or as a proposal when four-eyes applies. */
export async function decide(services: MostroServices, user: SessionUser, disputeId: string, input: DecisionInput): Promise<DecideResult> {
	const verdict = await assessDecision(services, user, disputeId);
	if (!verdict.allowed) throw new Refusal(verdict.reason === 'auditor' ? 'not_authorized' : 'conflict', `decision.blocked.${verdict.reason}`);
	const info = await readStoredInfo(services.db, disputeId);
	if (!info) throw new Refusal('conflict', 'decision.blocked.not_taken');
	if (input.confirmOrderId !== info.id) throw new Refusal('invalid_input', 'decision.error.confirm', { field: 'confirmOrderId' });
	await checkBonds(services, input);
	const now = Date.now();
	const base = {
		dispute_id: disputeId,
		order_id: info.id,
		outcome: input.outcome,
		slash_buyer: input.slashBuyer ? 1 : 0,
		slash_seller: input.slashSeller ? 1 : 0,
		reason_code: input.reasonCode,
		justification: input.justification,
		amount_sats: info.amount,
		proposed_by: user.id,
		proposed_at: now,
		updated_at: now
	};
	if (verdict.fourEyes) {
		const decisionId = await services.db.transaction().execute(async (tx) => {
			if ((await isDecided(tx, disputeId)) || (await pendingProposal(tx, disputeId))) throw new Refusal('conflict', 'decision.blocked.already_decided');
			const inserted = await tx.insertInto('decisions').values({ ...base, state: 'proposed' }).returning('id').executeTakeFirstOrThrow();
			await appendAudit(tx, { userId: user.id, label: user.name }, {
				action: 'decision.proposed',
				subject: `dispute:${disputeId}`,
				details: { decisionId: inserted.id, orderId: info.id, outcome: input.outcome, slashBuyer: input.slashBuyer, slashSeller: input.slashSeller, amountSats: info.amount, reasonCode: input.reasonCode, justification: input.justification },
				at: now
			});
			return inserted.id;
		});
		services.live.publish('dispute', { id: disputeId, isNew: false, proposal: true });
		return { kind: 'proposed', decisionId };
	}
	const decisionId = await services.db.transaction().execute(async (tx) => {
		const inserted = await tx.insertInto('decisions').values({ ...base, state: 'approved' }).returning('id').executeTakeFirstOrThrow();
		return inserted.id;
	});
	return { kind: 'executed', decisionId, outcome: await execute(services, decisionId, user, user) };
}

const REVIEW_REFUSALS: Record<ReviewBlock, [Refusal['code'], string]> = {
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
export async function reviewDecision(
	services: MostroServices,
	reviewer: SessionUser,
	disputeId: string,
	decisionId: number,
	review: { approve: boolean; comment: string }
): Promise<ReviewResult> {
	if (!can(reviewer.role, 'mediate')) throw new Refusal('not_authorized', 'decision.blocked.auditor');
	const comment = review.comment.trim();
	if (!isReviewCommentValid(comment)) throw new Refusal('invalid_input', 'decision.error.comment', { field: 'comment' });
	const { db } = services;
	const proposal = await db.selectFrom('decisions').selectAll().where('id', '=', decisionId).where('dispute_id', '=', disputeId).executeTakeFirst();
	if (!proposal) throw new Refusal('not_found', 'decision.error.not_found');
	const refused = judgeReview({ reviewerId: reviewer.id, proposalState: proposal.state, proposedBy: proposal.proposed_by });
	if (refused) throw reviewRefusal(refused);
	const now = Date.now();
	if (!review.approve) {
		await db.transaction().execute(async (tx) => {
			const changed = await tx
				.updateTable('decisions')
				.set({ state: 'rejected', reviewed_by: reviewer.id, reviewed_at: now, review_comment: comment, updated_at: now })
				.where('id', '=', decisionId)
				.where('state', '=', 'proposed')
				.executeTakeFirst();
			if (Number(changed.numUpdatedRows) !== 1) throw new Refusal('conflict', 'decision.error.reviewed');
			await appendAudit(tx, { userId: reviewer.id, label: reviewer.name }, {
				action: 'decision.rejected',
				subject: `dispute:${disputeId}`,
				details: { decisionId, proposedBy: proposal.proposed_by, outcome: proposal.outcome, reasonCode: proposal.reason_code, comment },
				at: now
			});
		});
		services.live.publish('dispute', { id: disputeId, isNew: false, proposal: false });
		return { kind: 'rejected', decisionId };
	}
	const dispute = await db.selectFrom('disputes').select(['status', 'holder_user_id', 'order_id']).where('id', '=', disputeId).executeTakeFirstOrThrow();
	const order = dispute.order_id ? await db.selectFrom('orders').select('status').where('id', '=', dispute.order_id).executeTakeFirst() : undefined;
	const blocked = judgeApproval({ disputeStatus: dispute.status, orderStatus: order?.status ?? null, holderUserId: dispute.holder_user_id, proposedBy: proposal.proposed_by });
	if (blocked) throw reviewRefusal(blocked);
	const holder = await db.selectFrom('users').select(['id', 'name', 'role', 'locale', 'theme', 'disabled']).where('id', '=', proposal.proposed_by).executeTakeFirstOrThrow();
	const owner = { id: holder.id, name: holder.name } as Pick<SessionUser, 'id' | 'name'>;
	await db.transaction().execute(async (tx) => {
		const changed = await tx
			.updateTable('decisions')
			.set({ state: 'approved', reviewed_by: reviewer.id, reviewed_at: now, review_comment: comment, updated_at: now })
			.where('id', '=', decisionId)
			.where('state', '=', 'proposed')
			.executeTakeFirst();
		if (Number(changed.numUpdatedRows) !== 1) throw new Refusal('conflict', 'decision.error.reviewed');
		await appendAudit(tx, { userId: reviewer.id, label: reviewer.name }, {
			action: 'decision.approved',
			subject: `dispute:${disputeId}`,
			details: { decisionId, proposedBy: proposal.proposed_by, outcome: proposal.outcome, reasonCode: proposal.reason_code, comment },
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
async function execute(services: MostroServices, decisionId: number, keyOwner: Pick<SessionUser, 'id' | 'name'>, actor: Pick<SessionUser, 'id' | 'name'>): Promise<SendOutcome> {
	const { db } = services;
	const requestId = newRequestId();
	const key = await openSolverSecret(db, services.sealer, keyOwner.id);
	try {
		if (!key) throw new Refusal('not_authorized', 'decision.blocked.no_solver_key');
		const row = await db.transaction().execute(async (tx) => {
			const decision = await tx.selectFrom('decisions').selectAll().where('id', '=', decisionId).executeTakeFirstOrThrow();
			if (await isDecided(tx, decision.dispute_id)) throw new Refusal('conflict', 'decision.blocked.already_decided');
			await tx.updateTable('decisions').set({ state: 'executed', request_id: requestId, executed_by_key: key.pubkey, updated_at: Date.now() }).where('id', '=', decisionId).execute();
			await appendAudit(tx, { userId: actor.id, label: actor.name }, {
				action: 'decision.executed',
				subject: `dispute:${decision.dispute_id}`,
				details: {
					decisionId,
					requestId,
					orderId: decision.order_id,
					outcome: decision.outcome,
					amountSats: decision.amount_sats,
					slashBuyer: decision.slash_buyer === 1,
					slashSeller: decision.slash_seller === 1,
					reasonCode: decision.reason_code,
					justification: decision.justification,
					proposedBy: decision.proposed_by,
					solver: keyOwner.name
				}
			});
			return decision;
		});
		const slash = row.slash_buyer === 1 || row.slash_seller === 1 ? { slash_buyer: row.slash_buyer === 1, slash_seller: row.slash_seller === 1 } : null;
		const build = row.outcome === 'settle' ? buildAdminSettle : buildAdminCancel;
		services.live.publish('dispute', { id: row.dispute_id, isNew: false, decision: true });
		return await services.messenger.send({
			action: row.outcome === 'settle' ? 'admin-settle' : 'admin-cancel',
			message: build({ orderId: row.order_id, requestId, bondResolution: slash }),
			requestId,
			signer: key,
			disputeId: row.dispute_id,
			orderId: row.order_id,
			actor: { userId: actor.id, label: actor.name },
			details: { decisionId, reasonCode: row.reason_code, slashBuyer: row.slash_buyer === 1, slashSeller: row.slash_seller === 1 }
		});
	} catch (error) {
		// Nothing reached the journal: the decision did not leave the console.
		if (!(await db.selectFrom('action_journal').select('id').where('request_id', '=', requestId).executeTakeFirst())) {
			await db.transaction().execute(async (tx) => {
				const changed = await tx.updateTable('decisions').set({ state: 'failed', updated_at: Date.now() }).where('id', '=', decisionId).where('state', 'in', ['approved', 'executed']).executeTakeFirst();
				if (Number(changed.numUpdatedRows) === 1) {
					await appendAudit(tx, { userId: actor.id, label: actor.name }, { action: 'decision.failed', subject: null, details: { decisionId, requestId, error: error instanceof Error ? error.message : String(error) } });
				}
			});
		}
		throw error;
	} finally {
		key?.secret.fill(0);
	}
}

/** Dispute status an answer proves (the public revision follows); a cooperative cancel changes nothing (T10). */
const RESULT_STATUS: Partial<Record<DecisionResult, string>> = { settled: 'settled', canceled: 'seller-refunded' };

/** Applied in the journal's transaction when the node answers a settle or cancel. */
export async function applyDecisionReply(tx: Tx, entry: JournalRow, reply: Message): Promise<void> {
	if (!entry.dispute_id) return;
	const result = decisionResultOf(reply);
	const status = RESULT_STATUS[result];
	if (status) await tx.updateTable('disputes').set({ status, updated_at: Date.now() }).where('id', '=', entry.dispute_id).execute();
	const decision = await tx.selectFrom('decisions').select(['id', 'reason_code', 'outcome']).where('request_id', '=', entry.request_id).executeTakeFirst();
	await appendAudit(tx, { userId: entry.actor_user_id, label: 'node' }, {
		action: 'decision.outcome',
		subject: `dispute:${entry.dispute_id}`,
		details: { decisionId: decision?.id ?? null, requestId: entry.request_id, reply: reply.kind.action, result, outcome: decision?.outcome ?? null, reasonCode: decision?.reason_code ?? null }
	});
}
