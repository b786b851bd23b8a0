// Reputation as v0.19.2 sends it: the 38383 `rating` tag in the daemon's `["rating",{…}]` form
// and `since` in UserInfo, both beside the older forms (tests/vectors/mostro/reputation.json).
import { describe, expect, it } from 'vitest';
import { parseOrderEvent } from '../../../../src/lib/protocol/events/order-event.ts';
import { parseUserInfo, parseSolverDisputeInfo } from '../../../../src/lib/protocol/payload-parse.ts';
import { serializeUserInfo } from '../../../../src/lib/protocol/canonical.ts';
import { signEvent } from '../../../../src/lib/protocol/event.ts';
import { K, mostroSk, ORDER_ID } from '../fixtures.ts';
import vectors from '../../../vectors/mostro/reputation.json';

const order = (rating: string) =>
	signEvent(
		{
			kind: 38383,
			created_at: 1_791_072_100,
			content: '',
			tags: [
				['d', ORDER_ID],
				['s', 'pending'],
				['rating', rating],
				['z', 'order']
			]
		},
		mostroSk
	);

describe('order rating tag', () => {
	for (const v of vectors.rating_tags) {
		it(`reads ${v.name}`, () => {
			expect(parseOrderEvent(order(v.value), K.mostro_pubkey).rating).toEqual(v.parsed);
		});
	}
});

describe('UserInfo since', () => {
	for (const v of vectors.user_infos) {
		it(`reads and re-serializes ${v.name}`, () => {
			const u = parseUserInfo(JSON.parse(v.json));
			expect(u).toEqual(v.parsed);
			expect(serializeUserInfo(u)).toBe(v.canonical);
		});
	}
	it('keeps since on the initiator and counterpart a solver receives', () => {
		const info = {
			id: ORDER_ID,
			kind: 'sell',
			status: 'dispute',
			hash: null,
			preimage: null,
			order_previous_status: 'active',
			initiator_pubkey: K.alice_pubkey,
			buyer_pubkey: K.alice_pubkey,
			seller_pubkey: K.bob_pubkey,
			initiator_full_privacy: false,
			counterpart_full_privacy: false,
			initiator_info: { rating: 4.5, reviews: 3, operating_days: 10, since: 1791072000 },
			counterpart_info: { rating: 0.0, reviews: 0, operating_days: 0 },
			premium: 0,
			payment_method: 'bank',
			amount: 1000,
			fiat_amount: 10,
			fee: 0,
			routing_fee: 0,
			buyer_invoice: null,
			invoice_held_at: 0,
			taken_at: 0,
			created_at: 0
		};
		const parsed = parseSolverDisputeInfo(info);
		expect(parsed.initiator_info?.since).toBe(1791072000);
		expect(parsed.counterpart_info && 'since' in parsed.counterpart_info).toBe(false);
	});
});
