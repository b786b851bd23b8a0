// The proposer takes back a pending four-eyes proposal (PRODUCT.md capability 6, issue 17
// "four-eyes that a team can actually run"): the proposal becomes `withdrawn` in one
// transaction with its audit entry, and the dispute can be proposed again. Sends nothing to
// the node. Must never withdraw someone else's proposal or one already reviewed.
import type { MostroServices } from '../services.ts';
import { appendAudit } from '../../audit/log.ts';
import { Refusal } from '../../errors.ts';
import { can } from '../../auth/access.ts';
import type { PersonActor } from '../../auth/actor.ts';
import { inTransaction } from '../../domain-events/in-transaction.ts';
import { getDecision, withdrawProposal } from '../../cases/decision-store.ts';

export async function withdrawDecision(services: Pick<MostroServices, 'db' | 'events'>, proposer: PersonActor, disputeId: string, input: { decisionId: number }): Promise<{ kind: 'withdrawn'; decisionId: number }> {
	const { decisionId } = input;
	if (!can(proposer.role, 'mediate')) throw new Refusal('not_authorized', 'decision.blocked.auditor');
	const proposal = await getDecision(services.db, decisionId, disputeId);
	if (!proposal) throw new Refusal('not_found', 'decision.error.not_found');
	if (proposal.proposedBy !== proposer.userId) throw new Refusal('not_authorized', 'decision.error.not_own_proposal');
	if (proposal.state !== 'proposed') throw new Refusal('conflict', 'decision.error.reviewed');
	const now = Date.now();
	await inTransaction(services.db, services.events, async (tx, emit) => {
		if (!(await withdrawProposal(tx, decisionId, proposer.userId, now))) throw new Refusal('conflict', 'decision.error.reviewed');
		emit({ type: 'DecisionWithdrawn', disputeId, decisionId, proposedBy: proposer.userId });
		await appendAudit(tx, proposer, {
			action: 'decision.withdrawn',
			subject: `dispute:${disputeId}`,
			details: { decisionId, outcome: proposal.outcome, reasonCode: proposal.reasonCode, amountSats: proposal.amountSats },
			at: now
		});
	});
	return { kind: 'withdrawn', decisionId };
}
