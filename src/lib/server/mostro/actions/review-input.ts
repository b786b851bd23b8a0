// The one reader of a reviewer's answer to a four-eyes proposal, shared by the case page's
// review form and POST /api/v1/disputes/:id/decision (PRODUCT.md capability 6): `decisionId`
// (typed or as text), `verdict` ('approve' | 'reject') and `comment`. Bad input is a
// Refusal(invalid_input) naming the field; the comment's length is a decision rule checked
// by reviewDecision. Never guesses a verdict. A withdrawal names only its `decisionId`.
import { Refusal } from '../../errors.ts';
import type { DecisionReviewInput } from './decide.ts';

const COMMENT_MAX = 4000;

/** The proposal a review or a withdrawal is about (`decisionId`, typed or as text). */
export function parseDecisionId(decisionId: unknown): number {
	const id = typeof decisionId === 'number' ? decisionId : typeof decisionId === 'string' && /^\d{1,15}$/.test(decisionId.trim()) ? Number(decisionId.trim()) : NaN;
	if (!Number.isSafeInteger(id) || id <= 0) throw new Refusal('invalid_input', 'decision.error.decision_id', { field: 'decisionId' });
	return id;
}

export function parseDecisionReview(raw: Record<string, unknown>): DecisionReviewInput {
	const { decisionId, verdict, comment } = raw;
	const id = parseDecisionId(decisionId);
	if (verdict !== 'approve' && verdict !== 'reject') throw new Refusal('invalid_input', 'decision.error.verdict', { field: 'verdict' });
	return { decisionId: id, approve: verdict === 'approve', comment: typeof comment === 'string' ? comment.slice(0, COMMENT_MAX) : '' };
}
