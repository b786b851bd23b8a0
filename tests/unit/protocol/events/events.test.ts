import { describe, expect, it } from 'vitest';
import { buildDisputeEventTemplate, isNewerDisputeRevision, parseDisputeEvent } from '../../../../src/lib/protocol/events/dispute-event.ts';
import { parseInstanceInfo } from '../../../../src/lib/protocol/events/instance-info.ts';
import { parseOrderEvent, parseRatingEvent } from '../../../../src/lib/protocol/events/order-event.ts';
import { signEvent } from '../../../../src/lib/protocol/event.ts';
import { DISPUTE_ID, K, mostroSk, ORDER_ID, aliceSk } from '../fixtures.ts';

const M = K.mostro_pubkey;
const T = 1_755_600_123;
const sign = (kind: number, tags: string[][], sk = mostroSk) => signEvent({ kind, created_at: T, tags, content: '' }, sk);
const code = (fn: () => unknown) => {
	try {
		fn();
		return 'none';
	} catch (e) {
		return (e as { code: string }).code;
	}
};

describe('kind 38385 instance info', () => {
	it('reads every documented tag', () => {
		const e = sign(38385, [
			['d', M],
			['protocol_version', '2'],
			['pow', '8'],
			['pow_first_contact', '16'],
			['mostro_version', '0.18.5'],
			['mostro_commit_hash', 'abc'],
			['bond_enabled', 'true'],
			['bond_apply_to', 'take'],
			['bond_amount_pct', '0.01'],
			['bond_base_amount_sats', '1000'],
			['bond_slash_on_waiting_timeout', 'false'],
			['bond_slash_node_share_pct', '0.5'],
			['bond_payout_claim_window_days', '7'],
			['fee', '0.006'],
			['max_order_amount', '1000000'],
			['min_order_amount', '100'],
			['expiration_hours', '24'],
			['expiration_seconds', '900'],
			['fiat_currencies_accepted', 'USD, VES'],
			['max_orders_per_response', '10'],
			['hold_invoice_expiration_window', '300'],
			['hold_invoice_cltv_delta', '144'],
			['invoice_expiration_window', '300'],
			['lnd_version', '0.18'],
			['lnd_node_pubkey', '02ab'],
			['lnd_networks', 'regtest'],
			['y', 'mostro', 'Test Node'],
			['z', 'info']
		]);
		const i = parseInstanceInfo(e, M);
		expect(i).toMatchObject({ protocolVersion: 2, pow: 8, powFirstContact: 16, bondEnabled: true, mostroVersion: '0.18.5', fee: 0.006, fiatCurrenciesAccepted: ['USD', 'VES'], instanceName: 'Test Node', maxOrderAmount: 1000000 });
		expect(i.bond).toMatchObject({ applyTo: 'take', amountPct: 0.01, baseAmountSats: 1000, slashOnWaitingTimeout: false, payoutClaimWindowDays: 7 });
		expect(i.lnd.networks).toBe('regtest');
	});
	it('defaults: absent protocol_version ⇒ 1; v2 without pow_first_contact ⇒ unknown; no bonds', () => {
		const v1 = parseInstanceInfo(
			sign(38385, [
				['d', M],
				['pow', '3']
			]),
			M
		);
		expect(v1).toMatchObject({ protocolVersion: 1, pow: 3, powFirstContact: 3, bondEnabled: false, bond: null });
		const v2 = parseInstanceInfo(
			sign(38385, [
				['d', M],
				['protocol_version', '2']
			]),
			M
		);
		expect(v2.powFirstContact).toBeNull();
		expect(
			parseInstanceInfo(
				sign(38385, [
					['protocol_version', 'banana'],
					['pow', 'x']
				]),
				M
			)
		).toMatchObject({ protocolVersion: 1, pow: 0 });
		expect(
			parseInstanceInfo(
				sign(38383, [
					['d', M],
					['z', 'info']
				]),
				M
			).legacy
		).toBe(true);
	});
	it('rejects other authors, kinds and bad signatures', () => {
		const e = sign(38385, [['d', M]]);
		expect(code(() => parseInstanceInfo(e, K.alice_pubkey))).toBe('wrong_author');
		expect(code(() => parseInstanceInfo({ ...e, content: 'x' }, M))).toBe('bad_signature');
		expect(code(() => parseInstanceInfo(sign(38386, [['d', M]]), M))).toBe('wrong_kind');
		expect(code(() => parseInstanceInfo(sign(38385, [['d', M]], aliceSk), M))).toBe('wrong_author');
	});
});

describe('kind 38386 disputes and the legacy 38383 form', () => {
	it('current form with created_at tag', () => {
		const d = parseDisputeEvent(signEvent(buildDisputeEventTemplate({ disputeId: DISPUTE_ID, status: 'initiated', initiator: 'buyer', openedAt: 1755600000, now: T, instanceName: 'N' }), mostroSk), M);
		expect(d).toMatchObject({ disputeId: DISPUTE_ID, status: 'initiated', isOpen: true, initiator: 'buyer', openedAt: 1755600000, openedAtSource: 'created_at_tag', expiration: T + 90 * 86400, instanceName: 'N', legacy: false });
	});
	it('published_at wins over created_at tag; event time is the last fallback', () => {
		const e = sign(38386, [
			['d', DISPUTE_ID],
			['s', 'in-progress'],
			['created_at', '100'],
			['published_at', '90'],
			['z', 'dispute']
		]);
		expect(parseDisputeEvent(e, M)).toMatchObject({ openedAt: 90, openedAtSource: 'published_at' });
		expect(
			parseDisputeEvent(
				sign(38386, [
					['d', DISPUTE_ID],
					['s', 'settled']
				]),
				M
			)
		).toMatchObject({ openedAt: T, openedAtSource: 'event', isOpen: false });
	});
	it('legacy kind 38383 z=dispute', () => {
		const d = parseDisputeEvent(signEvent(buildDisputeEventTemplate({ disputeId: DISPUTE_ID, status: 'initiated', now: T, legacy: true }), mostroSk), M);
		expect(d).toMatchObject({ legacy: true, initiator: null, expiration: null, openedAtSource: 'event', kind: 38383 });
		expect(
			code(() =>
				parseDisputeEvent(
					sign(38383, [
						['d', ORDER_ID],
						['s', 'pending'],
						['z', 'order']
					]),
					M
				)
			)
		).toBe('wrong_kind');
	});
	it('unknown statuses are kept raw and closed', () => {
		const d = parseDisputeEvent(
			sign(38386, [
				['d', DISPUTE_ID],
				['s', 'cooperatively-canceled']
			]),
			M
		);
		expect(d.isOpen).toBe(false);
		const u = parseDisputeEvent(
			sign(38386, [
				['d', DISPUTE_ID],
				['s', 'weird-new']
			]),
			M
		);
		expect(u).toMatchObject({ status: 'weird-new', isKnownStatus: false, isOpen: false });
		expect(code(() => parseDisputeEvent(sign(38386, [['d', DISPUTE_ID]]), M))).toBe('missing_tag');
	});
	it('revision ordering: newer, then more advanced status on a tie', () => {
		const a = parseDisputeEvent(
			sign(38386, [
				['d', DISPUTE_ID],
				['s', 'initiated']
			]),
			M
		);
		const b = parseDisputeEvent(
			sign(38386, [
				['d', DISPUTE_ID],
				['s', 'in-progress']
			]),
			M
		);
		expect(isNewerDisputeRevision(b, a)).toBe(true);
		expect(isNewerDisputeRevision(a, b)).toBe(false);
	});
});

describe('kind 38383 orders and 38384 ratings', () => {
	it('order tags by name', () => {
		const o = parseOrderEvent(
			sign(38383, [
				['d', ORDER_ID],
				['k', 'sell'],
				['f', 'VES'],
				['s', 'in-progress'],
				['amt', '7851'],
				['fa', '100'],
				['pm', 'face to face', 'bank'],
				['premium', '1'],
				['rating', '{"total_reviews":3,"total_rating":4.5,"days":10}'],
				['network', 'mainnet'],
				['layer', 'lightning'],
				['expires_at', '1755700000'],
				['expiration', '1758000000'],
				['y', 'mostro'],
				['z', 'order']
			]),
			M
		);
		expect(o).toMatchObject({
			orderId: ORDER_ID,
			orderKind: 'sell',
			fiatCode: 'VES',
			status: 'in-progress',
			amount: 7851,
			fiatAmount: [100],
			paymentMethods: ['face to face', 'bank'],
			premium: 1,
			rating: { total_reviews: 3, total_rating: 4.5, days: 10 }
		});
		const range = parseOrderEvent(
			sign(38383, [
				['d', ORDER_ID],
				['s', 'pending'],
				['fa', '10', '50'],
				['rating', 'not json']
			]),
			M
		);
		expect(range.fiatAmount).toEqual([10, 50]);
		expect(range.rating).toBeNull();
	});
	it('ratings (current and legacy)', () => {
		const r = parseRatingEvent(
			sign(38384, [
				['d', K.alice_pubkey],
				['total_reviews', '3'],
				['total_rating', '4.5'],
				['last_rating', '5'],
				['max_rate', '5'],
				['min_rate', '3'],
				['days', '9'],
				['z', 'rating']
			]),
			M
		);
		expect(r).toMatchObject({ totalReviews: 3, totalRating: 4.5, lastRating: 5, maxRate: 5, minRate: 3, days: 9, legacy: false });
		expect(
			parseRatingEvent(
				sign(38383, [
					['d', 'x'],
					['z', 'rating']
				]),
				M
			).legacy
		).toBe(true);
		expect(
			code(() =>
				parseRatingEvent(
					sign(38383, [
						['d', 'x'],
						['z', 'order']
					]),
					M
				)
			)
		).toBe('wrong_kind');
	});
});
