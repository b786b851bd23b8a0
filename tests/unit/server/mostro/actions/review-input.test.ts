// The one reader of a reviewer's answer (the case page's review form and the API): form text and
// JSON give the same input, and each bad field is a Refusal naming it with its own message.
import { describe, expect, it } from 'vitest';
import { parseDecisionReview } from '../../../../../src/lib/server/mostro/actions/review-input.ts';
import { isRefusal, type Refusal } from '../../../../../src/lib/server/errors.ts';
import { translate } from '../../../../../src/lib/i18n/index.ts';

function refusalOf(raw: Record<string, unknown>): Refusal {
	try {
		parseDecisionReview(raw);
	} catch (error) {
		if (isRefusal(error)) return error;
		throw error;
	}
	throw new Error('accepted');
}

describe('parseDecisionReview', () => {
	it.each([
		['an approval (JSON)', { decisionId: 7, verdict: 'approve', comment: 'Checked the proof.' }, { decisionId: 7, approve: true, comment: 'Checked the proof.' }],
		['a rejection (form text)', { decisionId: '7', verdict: 'reject', comment: 'Ask the seller first.' }, { decisionId: 7, approve: false, comment: 'Ask the seller first.' }],
		['no comment (the rule refuses it later)', { decisionId: 7, verdict: 'approve' }, { decisionId: 7, approve: true, comment: '' }],
		['an overlong comment, cut', { decisionId: 7, verdict: 'approve', comment: 'x'.repeat(5000) }, { decisionId: 7, approve: true, comment: 'x'.repeat(4000) }]
	])('accepts %s', (_name, raw, expected) => {
		expect(parseDecisionReview(raw)).toEqual(expected);
	});

	it.each([
		['no decision id', { verdict: 'approve', comment: 'ok ok' }, 'decisionId', 'decision.error.decision_id'],
		['a decision id in words', { decisionId: 'seven', verdict: 'approve' }, 'decisionId', 'decision.error.decision_id'],
		['a zero decision id', { decisionId: 0, verdict: 'approve' }, 'decisionId', 'decision.error.decision_id'],
		['a fractional decision id', { decisionId: 2.5, verdict: 'approve' }, 'decisionId', 'decision.error.decision_id'],
		['no verdict', { decisionId: 7, comment: 'ok ok' }, 'verdict', 'decision.error.verdict'],
		['an unknown verdict', { decisionId: 7, verdict: 'maybe' }, 'verdict', 'decision.error.verdict'],
		['a verdict that is not text', { decisionId: 7, verdict: true }, 'verdict', 'decision.error.verdict']
	])('refuses %s', (_name, raw, field, messageKey) => {
		const refusal = refusalOf(raw);
		expect(refusal).toMatchObject({ code: 'invalid_input', field, messageKey });
		for (const locale of ['en', 'es'] as const) expect(translate(locale, refusal.messageKey)).not.toBe(refusal.messageKey);
	});
});
