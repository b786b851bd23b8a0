// Which webhook fact each committed domain event stands for (issue 19), and the escrow alerts.
import { describe, expect, it } from 'vitest';
import { escrowDeadlineFacts, webhookFactOf } from '../../../../src/lib/server/webhooks/webhook-events.ts';
import type { DomainEvent } from '../../../../src/lib/server/domain-events/events.ts';

const d = 'dispute-1';
const cases: Array<[string, DomainEvent, string | null, string | null, string | null]> = [
	['a new dispute', { type: 'DisputeRevised', disputeId: d }, 'initiated', 'dispute.new', `dispute.new:${d}`],
	['an in-progress revision', { type: 'DisputeRevised', disputeId: d }, 'in-progress', null, null],
	['a settled revision', { type: 'DisputeRevised', disputeId: d }, 'settled', 'dispute.settled', `dispute.settled:${d}`],
	['a refunded revision', { type: 'DisputeRevised', disputeId: d }, 'seller-refunded', 'dispute.refunded', `dispute.refunded:${d}`],
	['a released revision', { type: 'DisputeRevised', disputeId: d }, 'released', 'dispute.closed', `dispute.closed:${d}`],
	['a party message', { type: 'ChatMessageStored', disputeId: d, party: 'buyer', direction: 'in' }, null, 'dispute.party_replied', null],
	['our own message', { type: 'ChatMessageStored', disputeId: d, party: 'buyer', direction: 'out' }, null, null, null],
	['a proposal', { type: 'DecisionProposed', disputeId: d, decisionId: 7 }, null, 'decision.review_requested', 'decision.review_requested:7'],
	['a plain take', { type: 'DisputeTaken', disputeId: d, holderUserId: 1, displacedUserId: null }, null, null, null],
	['a takeover', { type: 'DisputeTaken', disputeId: d, holderUserId: 1, displacedUserId: 2 }, null, 'dispute.takeover', null],
	['a parties close', { type: 'PartiesClosed', disputeId: d, userId: 1, outcome: 'released' }, null, 'dispute.closed', `dispute.closed:${d}`],
	['a settle acknowledged', { type: 'DecisionAcknowledged', disputeId: d, action: 'admin-settle' }, null, 'dispute.settled', `dispute.settled:${d}`],
	['a cancel acknowledged', { type: 'DecisionAcknowledged', disputeId: d, action: 'admin-cancel' }, null, 'dispute.refunded', `dispute.refunded:${d}`],
	['a solver key change', { type: 'SolverKeyChanged', userId: 1 }, null, null, null]
];

describe('webhookFactOf', () => {
	for (const [name, event, status, expected, dedupe] of cases) {
		it(`${name} → ${expected ?? 'nothing'}`, () => {
			const fact = webhookFactOf(event, status);
			expect(fact?.event ?? null).toBe(expected);
			expect(fact?.dedupeKey ?? null).toBe(dedupe);
		});
	}
});

describe('escrowDeadlineFacts', () => {
	const H = 3_600_000;
	it('nothing with more than six hours left, or past the deadline', () => {
		expect(escrowDeadlineFacts(d, 7 * H, 0)).toEqual([]);
		expect(escrowDeadlineFacts(d, 0, 1)).toEqual([]);
	});
	it('the six-hour alert under six hours, both under one hour', () => {
		expect(escrowDeadlineFacts(d, 5 * H, 0).map((f) => f.event)).toEqual(['escrow.deadline_6h']);
		expect(escrowDeadlineFacts(d, H - 1, 0).map((f) => f.event)).toEqual(['escrow.deadline_6h', 'escrow.deadline_1h']);
	});
});
