// A sell order traded through real party messages over Nostr (PROTOCOL.md §3.3, §4.1;
// MOSTROD.md §8.3): the seller sends `new-order`, the buyer `take-sell`, answers `add-invoice`
// with an invoice from the LND double, the seller pays the hold invoice from the LND double's
// wallet after `pay-invoice`, the buyer waits for `hold-invoice-payment-accepted` and sends
// `fiat-sent` (optional). Every wait is bounded. Must never pay a hold invoice whose amount does not
// match the order (amount plus at most 1 % fee).
import { buildPartyRequest } from '../../src/lib/protocol/actions/party.ts';
import { buildMessage } from '../../src/lib/protocol/message.ts';
import type { SmallOrder } from '../../src/lib/protocol/payload.ts';
import { decodeInvoice } from '../lnd/index.ts';
import type { Key } from './trader-keys.ts';
import type { Trader } from './trader.ts';

export type DanceOrder = { amount: number; fiatCode: string; fiatAmount: number; paymentMethod: string; premium?: number };
export type DanceParty = { trader: Trader; key: Key; index: number };

let nextRequestId = 1;
const rid = (): number => (nextRequestId = (nextRequestId % 1_000_000) + 1);

/** Run the dance up to `active` (or `fiat-sent`); returns the order id. */
export async function runOrderDance(seller: DanceParty, buyer: DanceParty, order: DanceOrder, o: { fiatSent: boolean; timeoutMs?: number }): Promise<string> {
	const lnd = seller.trader.lnd;
	if (!lnd || !buyer.trader.lnd) throw new Error('the order dance needs the LND double');
	const wait = o.timeoutMs ?? 8000;
	const sellerBox = await seller.trader.inbox(seller.key);
	const buyerBox = await buyer.trader.inbox(buyer.key);
	const small: SmallOrder = {
		kind: 'sell',
		status: 'pending',
		amount: order.amount,
		fiat_code: order.fiatCode,
		min_amount: null,
		max_amount: null,
		fiat_amount: order.fiatAmount,
		payment_method: order.paymentMethod,
		premium: order.premium ?? 0,
		created_at: null,
		expires_at: null
	};
	const makeId = rid();
	await seller.trader.send(buildMessage({ variant: 'order', requestId: makeId, tradeIndex: seller.index, action: 'new-order', payload: { order: small } }), seller.key);
	const made = await sellerBox.waitFor((m) => m.message.kind.action === 'new-order' && m.message.kind.request_id === makeId, wait, 'new-order confirmation');
	const orderId = made.message.kind.id;
	if (!orderId) throw new Error('new-order confirmation has no order id');

	await buyer.trader.send(buildMessage({ variant: 'order', requestId: rid(), tradeIndex: buyer.index, id: orderId, action: 'take-sell' }), buyer.key);
	const ask = await buyerBox.waitAction('add-invoice', wait, orderId);
	const p = ask.message.kind.payload;
	const want = p !== null && 'order' in p ? p.order.amount : order.amount;
	const invoice = lnd.createInvoice({ tokens: want, description: `payout ${orderId}` });
	await buyer.trader.send(buildMessage({ variant: 'order', requestId: rid(), id: orderId, action: 'add-invoice', payload: { payment_request: [null, invoice.request, null] } }), buyer.key);

	const pay = await sellerBox.waitAction('pay-invoice', wait, orderId);
	const pp = pay.message.kind.payload;
	if (pp === null || !('payment_request' in pp)) throw new Error('pay-invoice without a payment request');
	const hold = decodeInvoice(pp.payment_request[1]);
	// The seller's hold invoice is the order amount plus the seller's half of the Mostro fee (≤ 1 %).
	const msat = hold.amountMsat ?? 0n;
	if (msat < BigInt(order.amount) * 1000n || msat > BigInt(order.amount) * 1010n) throw new Error('hold invoice amount does not match the order');
	lnd.payHoldInvoice(hold.paymentHash);
	await buyerBox.waitAction('hold-invoice-payment-accepted', wait, orderId);
	if (o.fiatSent) {
		await buyer.trader.send(buildPartyRequest({ action: 'fiat-sent', orderId, requestId: rid() }), buyer.key);
		await buyerBox.waitAction('fiat-sent-ok', wait, orderId);
	}
	return orderId;
}
