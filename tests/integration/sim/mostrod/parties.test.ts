// Party side and disputes closed without an admin (MOSTROD.md §5, §8.4; §9.1 T2, T6–T9, T11),
// the party order flow a traders simulator drives over Nostr, and the HTTP control endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminSettle } from '../../../../src/lib/protocol/actions/admin-settle.ts';
import { buildAdminTakeDispute } from '../../../../src/lib/protocol/actions/admin-take-dispute.ts';
import { buildPartyRequest } from '../../../../src/lib/protocol/actions/party.ts';
import { buildMessage } from '../../../../src/lib/protocol/message.ts';
import type { SmallOrder } from '../../../../src/lib/protocol/payload.ts';
import { tag, testKey, type Key } from './client.ts';
import { MODES, startInfra, startNode, type Infra, type Node } from './harness.ts';

/** Some rows run on a subset of transports (to keep the suite fast); the others are not generated at all. */
function itOnlyWhen(condition: boolean): typeof it {
	return condition ? it : ((() => undefined) as unknown as typeof it);
}

let infra: Infra;
beforeAll(async () => {
	infra = await startInfra();
});
afterAll(() => infra.stop());

describe.each([MODES[0]!, MODES[1]!])('parties ($name)', (mode) => {
	let node: Node;
	let n = 0;
	const k = (label: string): Key => testKey(`p-${mode.name}-${label}`);
	const rid = () => node.client.nextRequestId();
	const admin = (): Key => ({ sk: node.mostrod.secretKey, pk: node.mostrod.pubkey });
	beforeAll(async () => {
		node = await startNode(infra, mode, { paymentAttempts: 2, paymentRetryDelayMs: 80, paymentRetriesIntervalSecs: 5, controlPort: 0 });
	});
	afterAll(() => node.stop());

	async function disputed(status: 'active' | 'fiat-sent' = 'fiat-sent') {
		const i = n++;
		const buyer = k(`buyer-${i}`);
		const seller = k(`seller-${i}`);
		await node.client.listen(buyer);
		await node.client.listen(seller);
		const order = await node.mostrod.createOrder({ kind: 'sell', status, buyerPubkey: buyer.pk, sellerPubkey: seller.pk });
		const d = await node.mostrod.openDispute(order.id, 'buyer');
		return { buyer, seller, order, d };
	}

	it('trades a sell order end to end over Nostr: new-order, take-sell, add-invoice, pay, fiat-sent, release → success', async () => {
		const seller = k('flow-seller');
		const buyer = k('flow-buyer');
		const small: SmallOrder = { kind: 'sell', status: 'pending', amount: 20_000, fiat_code: 'EUR', min_amount: null, max_amount: null, fiat_amount: 15, payment_method: 'sepa', premium: 0, created_at: null, expires_at: null };
		const created = await node.client.request(buildMessage({ variant: 'order', requestId: rid(), tradeIndex: 1, action: 'new-order', payload: { order: small } }), seller);
		const orderId = created.message.kind.id ?? '';
		expect(created.message.kind.action).toBe('new-order');
		await node.client.waitEvent((e) => e.kind === 38383 && tag(e, 'd') === orderId && tag(e, 's') === 'pending');
		const ask = await node.client.request(buildMessage({ variant: 'order', requestId: rid(), id: orderId, action: 'take-sell' }), buyer);
		expect(ask.message.kind.action).toBe('add-invoice');
		const want = (ask.message.kind.payload as { order: SmallOrder }).order.amount;
		await node.client.waitEvent((e) => e.kind === 38383 && tag(e, 'd') === orderId && tag(e, 's') === 'in-progress');
		const invoice = infra.lnd.createInvoice({ tokens: want });
		await node.client.send(buildMessage({ variant: 'order', requestId: rid(), id: orderId, action: 'add-invoice', payload: { payment_request: [null, invoice.request, null] } }), buyer);
		const pay = await node.client.waitAction(seller, 'pay-invoice');
		const hold = (pay.message.kind.payload as { payment_request: [unknown, string, unknown] }).payment_request[1];
		expect(hold.startsWith('lnbcrt')).toBe(true);
		await node.client.waitAction(buyer, 'waiting-seller-to-pay');
		infra.lnd.payHoldInvoice(node.mostrod.order(orderId)?.hash ?? '');
		await node.client.waitAction(buyer, 'hold-invoice-payment-accepted');
		await node.client.waitAction(seller, 'buyer-took-order');
		expect(node.mostrod.order(orderId)?.status).toBe('active');
		expect((await node.client.request(buildPartyRequest({ action: 'fiat-sent', orderId, requestId: rid() }), buyer)).message.kind.action).toBe('fiat-sent-ok');
		await node.client.send(buildPartyRequest({ action: 'release', orderId, requestId: rid() }), seller);
		await node.client.waitAction(buyer, 'purchase-completed', 4000);
		expect(node.mostrod.order(orderId)?.status).toBe('success');
		expect(infra.lnd.invoice(invoice.id)?.state).toBe('SETTLED');
		await node.client.waitEvent((e) => e.kind === 38383 && tag(e, 'd') === orderId && tag(e, 's') === 'success');
	});

	it('runs a buy order: take-buy, seller pays, buyer add-invoice → active, then a dispute over Nostr', async () => {
		const buyer = k('buy-buyer');
		const seller = k('buy-seller');
		const small: SmallOrder = { kind: 'buy', status: 'pending', amount: 8_000, fiat_code: 'USD', min_amount: null, max_amount: null, fiat_amount: 5, payment_method: 'cash', premium: 1, created_at: null, expires_at: null };
		const created = await node.client.request(buildMessage({ variant: 'order', requestId: rid(), action: 'new-order', payload: { order: small } }), buyer);
		const orderId = created.message.kind.id ?? '';
		await node.client.send(buildMessage({ variant: 'order', requestId: rid(), id: orderId, action: 'take-buy' }), seller);
		await node.client.waitAction(seller, 'pay-invoice');
		await node.client.waitEvent((e) => e.kind === 38383 && tag(e, 'd') === orderId && tag(e, 's') === 'in-progress');
		await node.mostrod.payHoldInvoice(orderId);
		const ask = await node.client.waitAction(buyer, 'add-invoice');
		const invoice = infra.lnd.createInvoice({ tokens: (ask.message.kind.payload as { order: SmallOrder }).order.amount });
		const ok = await node.client.request(buildMessage({ variant: 'order', requestId: rid(), id: orderId, action: 'add-invoice', payload: { payment_request: [null, invoice.request, null] } }), buyer);
		expect(ok.message.kind.action).toBe('hold-invoice-payment-accepted');
		const r = rid();
		await node.client.send(buildPartyRequest({ action: 'dispute', orderId, requestId: r }), buyer);
		await node.client.waitAction(buyer, 'dispute-initiated-by-you', 3000, r);
		expect(node.mostrod.disputeOfOrder(orderId)).toMatchObject({ status: 'initiated', orderPreviousStatus: 'active' });
	});

	it('T6: the seller releases during a dispute → dispute settled, released/hold-invoice-payment-settled/rate, success; no admin DM', async () => {
		const { buyer, seller, order, d } = await disputed();
		await node.client.request(buildAdminTakeDispute({ disputeId: d.id, requestId: rid() }), admin());
		const before = node.mostrod.sentDms().length;
		const r = rid();
		await node.client.send(buildPartyRequest({ action: 'release', orderId: order.id, requestId: r }), seller);
		await node.client.waitAction(buyer, 'released');
		await node.client.waitAction(seller, 'hold-invoice-payment-settled', 3000, r);
		await node.client.waitAction(seller, 'rate');
		await node.client.waitAction(buyer, 'purchase-completed');
		await node.client.waitEvent((e) => tag(e, 'd') === d.id && tag(e, 's') === 'settled');
		expect(node.mostrod.order(order.id)?.status).toBe('success');
		expect(
			node.mostrod
				.sentDms()
				.slice(before)
				.some((x) => x.to === node.mostrod.pubkey)
		).toBe(false);
	});

	it('T7/T8: cooperative cancel during a dispute (second cancel by the same party → invalid_pubkey)', async () => {
		const { buyer, seller, order, d } = await disputed('active');
		await node.client.send(buildPartyRequest({ action: 'cancel', orderId: order.id, requestId: rid() }), buyer);
		await node.client.waitAction(buyer, 'cooperative-cancel-initiated-by-you');
		await node.client.waitAction(seller, 'cooperative-cancel-initiated-by-peer');
		expect(node.mostrod.order(order.id)?.status).toBe('dispute');
		const again = await node.client.request(buildPartyRequest({ action: 'cancel', orderId: order.id, requestId: rid() }), buyer);
		expect(again.message.kind.payload).toEqual({ cant_do: 'invalid_pubkey' });
		await node.client.send(buildPartyRequest({ action: 'cancel', orderId: order.id, requestId: rid() }), seller);
		await node.client.waitAction(buyer, 'cooperative-cancel-accepted');
		await node.client.waitAction(seller, 'cooperative-cancel-accepted');
		expect(infra.lnd.invoice(node.mostrod.order(order.id)?.hash ?? '')?.state).toBe('CANCELED');
		expect(node.mostrod.dispute(d.id)?.status).toBe('seller-refunded');
		await node.client.waitEvent((e) => e.kind === 38383 && tag(e, 'd') === order.id && tag(e, 's') === 'canceled');
		await node.client.waitEvent((e) => tag(e, 'd') === d.id && tag(e, 's') === 'seller-refunded');
	});

	it('T11: payout failure → payment-failed once, retries, add-invoice; a new invoice → invoice-updated → success', async () => {
		const { buyer, order, d } = await disputed();
		await node.client.request(buildAdminTakeDispute({ disputeId: d.id, requestId: rid() }), admin());
		node.mostrod.failPayments(true);
		try {
			await node.client.request(buildAdminSettle({ orderId: order.id, requestId: rid() }), admin());
			const failed = await node.client.waitAction(buyer, 'payment-failed');
			expect(failed.message.kind.payload).toEqual({ payment_failed: { payment_attempts: 1, payment_retries_interval: 5 } });
			expect(node.mostrod.order(order.id)).toMatchObject({ status: 'settled-hold-invoice', failedPayment: true });
			await node.client.waitAction(buyer, 'add-invoice', 3000);
			expect(node.client.received.filter((x) => x.to === buyer.pk && x.message.kind.action === 'payment-failed')).toHaveLength(1);
			expect(node.mostrod.order(order.id)?.status).toBe('settled-hold-invoice');
		} finally {
			node.mostrod.failPayments(false);
		}
		const fresh = infra.lnd.createInvoice({ tokens: order.amount - order.fee });
		const r = rid();
		await node.client.send(buildMessage({ variant: 'order', requestId: r, id: order.id, action: 'add-invoice', payload: { payment_request: [null, fresh.request, null] } }), buyer);
		await node.client.waitAction(buyer, 'invoice-updated', 3000, r);
		await node.client.waitAction(buyer, 'purchase-completed', 3000);
		expect(node.mostrod.order(order.id)?.status).toBe('success');
	});

	itOnlyWhen(mode.name === 'v2')('T2 and T9: guardian opens a buyer dispute near the deadline; LND auto-cancel notifies both, state unchanged', async () => {
		const i = n++;
		const buyer = k(`g-buyer-${i}`);
		const seller = k(`g-seller-${i}`);
		await node.client.listen(buyer);
		await node.client.listen(seller);
		const fiat = await node.mostrod.createOrder({ kind: 'sell', status: 'fiat-sent', buyerPubkey: buyer.pk, sellerPubkey: seller.pk });
		const active = await node.mostrod.createOrder({ kind: 'sell', status: 'active', buyerPubkey: k(`g-b2-${i}`).pk, sellerPubkey: k(`g-s2-${i}`).pk });
		expect(await node.mostrod.runGuardian()).toEqual([]);
		infra.lnd.mineBlocks(144 - 24);
		expect((await node.mostrod.runGuardian()).sort()).toEqual([fiat.id, active.id].sort());
		const you = await node.client.waitAction(buyer, 'dispute-initiated-by-you');
		await node.client.waitAction(seller, 'dispute-initiated-by-peer');
		expect(you.message.kind.request_id).toBeNull();
		const d = node.mostrod.disputeOfOrder(fiat.id);
		expect(node.mostrod.order(fiat.id)).toMatchObject({ status: 'dispute', buyerDispute: true });
		expect(infra.lnd.invoice(node.mostrod.order(fiat.id)?.hash ?? '')?.state).toBe('ACCEPTED');
		expect(node.mostrod.order(active.id)?.status).toBe('canceled');
		const e = await node.client.waitEvent((x) => x.kind === 38386 && tag(x, 'd') === d?.id);
		expect(tag(e, 'initiator')).toBe('buyer');
		infra.lnd.mineBlocks(24 - 12);
		await node.client.waitAction(buyer, 'hold-invoice-payment-canceled');
		await node.client.waitAction(seller, 'hold-invoice-payment-canceled');
		expect(node.mostrod.order(fiat.id)?.status).toBe('dispute');
		expect(node.mostrod.dispute(d?.id ?? '')?.status).toBe('initiated');
	});

	itOnlyWhen(mode.name === 'v2')('control HTTP endpoint: create an order, open a dispute, read state, set faults', async () => {
		const url = node.mostrod.controlUrl ?? '';
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const post = (path: string, body: unknown) => fetch(url + path, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, unknown>>);
		const order = await post('/orders', { kind: 'buy', status: 'active', buyerPubkey: k('h-b').pk, sellerPubkey: k('h-s').pk });
		expect(order.status).toBe('active');
		expect(infra.lnd.invoice(String(order.hash))?.state).toBe('ACCEPTED');
		const dispute = await post(`/orders/${String(order.id)}/dispute`, { by: 'seller' });
		expect(dispute.status).toBe('initiated');
		const state = (await fetch(`${url}/state`).then((r) => r.json())) as { disputes: Array<{ id: string }> };
		expect(state.disputes.some((x) => x.id === dispute.id)).toBe(true);
		expect(await post('/faults', { silent: ['admin-take-dispute'] })).toEqual({ ok: true });
		expect(await node.client.expectSilence(buildAdminTakeDispute({ disputeId: String(dispute.id), requestId: rid() }), admin(), {}, 300)).toBe(true);
		await post('/faults', { silent: false });
		const info = (await fetch(`${url}/info`).then((r) => r.json())) as { pubkey: string };
		expect(info.pubkey).toBe(node.mostrod.pubkey);
	});
});
