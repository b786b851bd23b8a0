// The decision rules (MOSTROD.md §3.2, §3.6, §5; PRODUCT.md capability 6) as tables: who may
// decide and when, the four-eyes threshold, who may review a proposal, and the parsing of a
// decision request — without a node or a database.
import { describe, expect, it } from 'vitest';
import {
	isClosed,
	isReviewCommentValid,
	judgeApproval,
	judgeDecision,
	judgeReview,
	needsFourEyes,
	parseDecisionInput,
	JUSTIFICATION_MAX,
	JUSTIFICATION_MIN,
	type DecisionFacts,
	type DecisionVerdict
} from '../../../../../src/lib/server/mostro/actions/decision-rules.ts';

const ME = 7;
const OTHER = 8;

function facts(over: Partial<DecisionFacts>): DecisionFacts {
	return {
		canMediate: true,
		disputeStatus: 'in-progress',
		orderStatus: 'dispute',
		myUserId: ME,
		holderUserId: ME,
		hasInfo: true,
		myPermission: 'read-write',
		heldByNodeKey: false,
		decided: false,
		pendingProposal: false,
		amountSats: 50_000,
		fourEyesSats: null,
		...over
	};
}

const blocked = (reason: Extract<DecisionVerdict, { allowed: false }>['reason']): DecisionVerdict => ({ allowed: false, reason });

describe('judgeDecision', () => {
	it.each<[string, Partial<DecisionFacts>, DecisionVerdict]>([
		['the read-write holder of an open dispute', {}, { allowed: true, fourEyes: false }],
		['above the four-eyes threshold', { fourEyesSats: 10_000 }, { allowed: true, fourEyes: true }],
		['at the four-eyes threshold', { fourEyesSats: 50_000 }, { allowed: true, fourEyes: false }],
		['with a threshold of 0 (every decision)', { fourEyesSats: 0, amountSats: 1 }, { allowed: true, fourEyes: true }],
		['an auditor', { canMediate: false }, blocked('auditor')],
		['an auditor, on a decided dispute', { canMediate: false, decided: true }, blocked('auditor')],
		['a dispute already decided', { decided: true }, blocked('already_decided')],
		['already decided outweighs closed', { decided: true, disputeStatus: 'settled' }, blocked('already_decided')],
		['settled', { disputeStatus: 'settled' }, blocked('closed')],
		['seller refunded', { disputeStatus: 'seller-refunded' }, blocked('closed')],
		['released by the seller', { disputeStatus: 'released' }, blocked('closed')],
		['cooperatively canceled', { disputeStatus: 'cooperatively-canceled' }, blocked('closed')],
		['the order ended (success) before the dispute revision', { orderStatus: 'success' }, blocked('closed')],
		['the order canceled', { orderStatus: 'canceled' }, blocked('closed')],
		['the order completed by an admin', { orderStatus: 'completed-by-admin' }, blocked('closed')],
		['the order expired', { orderStatus: 'expired' }, blocked('closed')],
		['closed outweighs a pending proposal', { disputeStatus: 'settled', pendingProposal: true }, blocked('closed')],
		['a proposal waiting for review', { pendingProposal: true }, blocked('pending_proposal')],
		['a pending proposal outweighs not being the holder', { pendingProposal: true, holderUserId: OTHER }, blocked('pending_proposal')],
		['a new dispute nobody took', { disputeStatus: 'initiated', holderUserId: null }, blocked('not_taken')],
		['in progress without a holder here', { holderUserId: null }, blocked('not_taken')],
		['taken but the solver info never arrived', { hasInfo: false }, blocked('not_taken')],
		['held by a colleague', { holderUserId: OTHER }, blocked('not_holder')],
		['the holder without a solver key', { myPermission: null }, blocked('no_solver_key')],
		['the holder with a read-only key', { myPermission: 'read' }, blocked('read_only')],
		['held by the node key for a holder with no solver key', { heldByNodeKey: true, myPermission: null }, { allowed: true, fourEyes: false }],
		['held by the node key for a read-write holder, above the threshold', { heldByNodeKey: true, fourEyesSats: 10_000 }, { allowed: true, fourEyes: true }],
		['held by the node key for a holder whose own key is read-only', { heldByNodeKey: true, myPermission: 'read' }, blocked('read_only_node_key')],
		['held by the node key still needs the holder', { heldByNodeKey: true, holderUserId: OTHER }, blocked('not_holder')]
	])('%s', (_name, over, verdict) => {
		expect(judgeDecision(facts(over))).toEqual(verdict);
	});
});

describe('needsFourEyes', () => {
	it.each<[number, number | null, boolean]>([
		[50_000, null, false],
		[0, null, false],
		[1, 0, true],
		[0, 0, true],
		[10_000, 10_000, false],
		[10_001, 10_000, true],
		[9_999, 10_000, false]
	])('%i sats with threshold %s → %s', (amount, threshold, expected) => {
		expect(needsFourEyes(amount, threshold)).toBe(expected);
	});
});

describe('isClosed', () => {
	it.each<[string, string | null, boolean]>([
		['initiated', null, false],
		['in-progress', 'dispute', false],
		['in-progress', null, false],
		['in-progress', 'canceled-by-admin', false],
		['settled', null, true],
		['seller-refunded', 'dispute', true],
		['released', null, true],
		['cooperatively-canceled', null, true],
		['in-progress', 'success', true],
		['in-progress', 'canceled', true],
		['in-progress', 'completed-by-admin', true],
		['in-progress', 'expired', true]
	])('dispute %s, order %s → %s', (dispute, order, expected) => {
		expect(isClosed(dispute, order)).toBe(expected);
	});
});

describe('reviewing a proposal', () => {
	it.each<[string, string, boolean]>([
		['too short', 'ok', false],
		['only spaces around too little', '   ok   ', false],
		['three letters', 'yes', true],
		['the longest allowed', 'x'.repeat(2000), true],
		['too long', 'x'.repeat(2001), false]
	])('a comment %s → %s', (_name, comment, valid) => {
		expect(isReviewCommentValid(comment)).toBe(valid);
	});

	it.each<[string, { reviewerId: number; proposalState: string; proposedBy: number }, ReturnType<typeof judgeReview>]>([
		['a colleague reviews a pending proposal', { reviewerId: OTHER, proposalState: 'proposed', proposedBy: ME }, null],
		['the author reviews their own', { reviewerId: ME, proposalState: 'proposed', proposedBy: ME }, 'own_proposal'],
		['already approved', { reviewerId: OTHER, proposalState: 'approved', proposedBy: ME }, 'reviewed'],
		['already rejected', { reviewerId: OTHER, proposalState: 'rejected', proposedBy: ME }, 'reviewed'],
		['already executed, by its author', { reviewerId: ME, proposalState: 'executed', proposedBy: ME }, 'reviewed']
	])('%s', (_name, f, expected) => {
		expect(judgeReview(f)).toBe(expected);
	});

	it.each<[string, Parameters<typeof judgeApproval>[0], ReturnType<typeof judgeApproval>]>([
		['open and still held by the author', { disputeStatus: 'in-progress', orderStatus: 'dispute', holderUserId: ME, proposedBy: ME }, null],
		['closed meanwhile', { disputeStatus: 'settled', orderStatus: null, holderUserId: ME, proposedBy: ME }, 'closed'],
		['the order ended meanwhile', { disputeStatus: 'in-progress', orderStatus: 'success', holderUserId: ME, proposedBy: ME }, 'closed'],
		['taken over meanwhile', { disputeStatus: 'in-progress', orderStatus: 'dispute', holderUserId: OTHER, proposedBy: ME }, 'holder_changed'],
		['nobody holds it here any more', { disputeStatus: 'in-progress', orderStatus: 'dispute', holderUserId: null, proposedBy: ME }, 'holder_changed'],
		['closed outweighs a changed holder', { disputeStatus: 'seller-refunded', orderStatus: null, holderUserId: OTHER, proposedBy: ME }, 'closed']
	])('approval: %s', (_name, f, expected) => {
		expect(judgeApproval(f)).toBe(expected);
	});
});

describe('parseDecisionInput', () => {
	const ORDER = 'AB5E1D2C-0000-4000-8000-0123456789AB';
	const valid = { outcome: 'settle', reasonCode: 'fiat_not_received', justification: '  Bank statement shows nothing.  ', confirmOrderId: ` ${ORDER} ` };

	it('accepts a well-formed request, trims the text and lower-cases the order id', () => {
		expect(parseDecisionInput(valid)).toEqual({
			ok: true,
			input: { outcome: 'settle', slashBuyer: false, slashSeller: false, reasonCode: 'fiat_not_received', justification: 'Bank statement shows nothing.', confirmOrderId: ORDER.toLowerCase() }
		});
	});

	it.each<[string, Record<string, unknown>, boolean, boolean]>([
		['form checkboxes', { slashBuyer: 'on', slashSeller: 'on' }, true, true],
		['JSON booleans', { slashBuyer: true, slashSeller: false }, true, false],
		['strings', { slashBuyer: 'false', slashSeller: 'true' }, false, true],
		['empty and null', { slashBuyer: '', slashSeller: null }, false, false]
	])('reads slash flags given as %s', (_name, flags, slashBuyer, slashSeller) => {
		expect(parseDecisionInput({ ...valid, ...flags })).toMatchObject({ ok: true, input: { slashBuyer, slashSeller } });
	});

	it.each<[string, Record<string, unknown>, string]>([
		['no outcome', { outcome: undefined }, 'outcome'],
		['an unknown outcome', { outcome: 'release' }, 'outcome'],
		['an unknown reason', { reasonCode: 'because' }, 'reasonCode'],
		['a reason that is not text', { reasonCode: 3 }, 'reasonCode'],
		['a justification too short once trimmed', { justification: `  ${'x'.repeat(JUSTIFICATION_MIN - 1)}  ` }, 'justification'],
		['a justification too long', { justification: 'x'.repeat(JUSTIFICATION_MAX + 1) }, 'justification'],
		['a justification that is not text', { justification: 1234567890123 }, 'justification'],
		['no order id', { confirmOrderId: undefined }, 'confirmOrderId'],
		['an order id that is not a uuid', { confirmOrderId: 'order-1' }, 'confirmOrderId'],
		['a slash flag that is neither yes nor no', { slashBuyer: 'maybe' }, 'slash'],
		['a slash flag given as a number', { slashSeller: 1 }, 'slash']
	])('refuses %s', (_name, over, field) => {
		expect(parseDecisionInput({ ...valid, ...over })).toEqual({ ok: false, field });
	});

	it('accepts justifications of exactly the bounds', () => {
		expect(parseDecisionInput({ ...valid, justification: 'x'.repeat(JUSTIFICATION_MIN) }).ok).toBe(true);
		expect(parseDecisionInput({ ...valid, justification: 'x'.repeat(JUSTIFICATION_MAX) }).ok).toBe(true);
	});
});
