// Party side of an order, enough for a traders simulator to run real trades over Nostr
// (PROTOCOL.md §3, §4.1; MOSTROD.md §1, §5, §8.3): new-order, take-sell, take-buy, add-invoice,
// fiat-sent, release and cancel. Fixed-amount orders only (market-priced → invalid_amount).
// Must never move an order out of a status the daemon would refuse.
import { buildOrderNotice } from '../../src/lib/protocol/actions/party.ts';
import type { OrderKind, SmallOrder } from '../../src/lib/protocol/payload.ts';
import { CantDoError, newUuid, nowSecs, type Ctx } from './daemon-context.ts';
import type { Inbound } from './intake-gate.ts';
import { cooperativeCancel, createHoldInvoice, releaseBySeller } from './order-lifecycle.ts';
import { buildSmallOrder } from './order-views.ts';
import { invoiceSats, rearmPayout } from './payout.ts';
import type { OrderRecord } from './state-store.ts';

export function feeOf(ctx: Ctx, amount: number): number {
	return Math.round((amount * ctx.o.fee) / 2);
}

/** Reputation mode: make sure the identity has a users row and record its trade index. */
function touchIdentity(ctx: Ctx, i: Inbound): string | null {
	if (i.identity === i.sender) return null;
	const u = ctx.store.users.get(i.identity);
	const idx = i.message.kind.trade_index ?? 0;
	if (u) u.lastTradeIndex = Math.max(u.lastTradeIndex, idx);
	else ctx.store.insertUser({ pubkey: i.identity, isAdmin: false, isSolver: false, isBanned: false, category: 0, lastTradeIndex: idx, totalRating: 0, totalReviews: 0, createdAt: nowSecs(ctx) });
	return i.identity;
}

function getOrder(ctx: Ctx, i: Inbound): OrderRecord {
	const id = i.message.kind.id;
	const o = id === undefined ? undefined : ctx.store.orders.get(id);
	if (!o) throw new CantDoError('not_found');
	return o;
}

export function newOrderRecord(ctx: Ctx, kind: OrderKind, s: Pick<SmallOrder, 'amount' | 'fiat_code' | 'fiat_amount' | 'min_amount' | 'max_amount' | 'payment_method' | 'premium'>, creator: string): OrderRecord {
	const now = nowSecs(ctx);
	return {
		id: newUuid(ctx),
		kind,
		status: 'pending',
		amount: s.amount,
		fee: feeOf(ctx, s.amount),
		routingFee: 0,
		fiatCode: s.fiat_code,
		fiatAmount: s.fiat_amount,
		minAmount: s.min_amount,
		maxAmount: s.max_amount,
		paymentMethod: s.payment_method,
		premium: s.premium,
		creatorPubkey: creator,
		buyerPubkey: null,
		sellerPubkey: null,
		masterBuyerPubkey: null,
		masterSellerPubkey: null,
		buyerInvoice: null,
		hash: null,
		preimage: null,
		holdInvoice: null,
		invoiceHeldAt: 0,
		takenAt: 0,
		createdAt: now,
		expiresAt: now + ctx.o.expirationHours * 3600,
		buyerDispute: false,
		sellerDispute: false,
		cancelInitiatorPubkey: null,
		buyerCooperativeCancel: false,
		sellerCooperativeCancel: false,
		failedPayment: false,
		paymentAttempts: 0,
		payoutInFlight: false,
		makerRequestId: null,
		takerRequestId: null,
		makerTradeIndex: null,
		takerTradeIndex: null
	};
}

async function handleNewOrder(ctx: Ctx, i: Inbound): Promise<void> {
	const k = i.message.kind;
	const p = k.payload;
	if (p === null || !('order' in p)) throw new CantDoError('invalid_payload');
	const s = p.order;
	if (s.kind !== 'buy' && s.kind !== 'sell') throw new CantDoError('invalid_order_kind');
	if (!Number.isInteger(s.amount) || s.amount <= 0) throw new CantDoError('invalid_amount');
	const o = newOrderRecord(ctx, s.kind, s, i.sender);
	const master = touchIdentity(ctx, i);
	if (s.kind === 'sell') [o.sellerPubkey, o.masterSellerPubkey] = [i.sender, master];
	else [o.buyerPubkey, o.masterBuyerPubkey] = [i.sender, master];
	if (s.kind === 'buy' && s.buyer_invoice) o.buyerInvoice = s.buyer_invoice;
	o.makerRequestId = k.request_id;
	o.makerTradeIndex = k.trade_index;
	ctx.store.orders.set(o.id, o);
	await ctx.publisher.publishOrder(o);
	ctx.outbox.enqueue(i.sender, { variant: 'order', kind: { version: 2, request_id: k.request_id, trade_index: k.trade_index, id: o.id, action: 'new-order', payload: { order: buildSmallOrder(o) } } });
}

/** Validate a payout invoice for this order (exactly amount − fee, or zero-amount). */
function checkBuyerInvoice(order: OrderRecord, request: string): void {
	let sats: number | null;
	try {
		sats = invoiceSats(request);
	} catch {
		throw new CantDoError('invalid_invoice');
	}
	if (sats !== null && sats !== order.amount - order.fee) throw new CantDoError('invalid_amount');
}

async function askSellerToPay(ctx: Ctx, order: OrderRecord): Promise<void> {
	const request = await createHoldInvoice(ctx, order);
	order.status = 'waiting-payment';
	if (order.sellerPubkey) {
		const payload = { payment_request: [buildSmallOrder(order), request, null] as [SmallOrder, string, null] };
		ctx.outbox.enqueue(order.sellerPubkey, buildOrderNotice({ action: 'pay-invoice', orderId: order.id, payload }));
	}
	if (order.buyerPubkey) ctx.outbox.enqueue(order.buyerPubkey, buildOrderNotice({ action: 'waiting-seller-to-pay', orderId: order.id }));
}

async function handleTake(ctx: Ctx, i: Inbound, kind: OrderKind): Promise<void> {
	const order = getOrder(ctx, i);
	if (order.kind !== kind) throw new CantDoError('invalid_order_kind');
	if (order.status !== 'pending') throw new CantDoError('not_allowed_by_status');
	if (order.creatorPubkey === i.sender) throw new CantDoError('invalid_pubkey');
	const master = touchIdentity(ctx, i);
	const k = i.message.kind;
	order.takenAt = nowSecs(ctx);
	order.takerRequestId = k.request_id;
	order.takerTradeIndex = k.trade_index;
	if (kind === 'sell') {
		[order.buyerPubkey, order.masterBuyerPubkey] = [i.sender, master];
		const p = k.payload;
		if (p !== null && 'payment_request' in p) {
			checkBuyerInvoice(order, p.payment_request[1]);
			order.buyerInvoice = p.payment_request[1];
			await askSellerToPay(ctx, order);
		} else {
			order.status = 'waiting-buyer-invoice';
			const small = buildSmallOrder(order, { amount: order.amount - order.fee });
			ctx.outbox.enqueue(i.sender, buildOrderNotice({ action: 'add-invoice', orderId: order.id, requestId: k.request_id, payload: { order: small } }));
		}
	} else {
		[order.sellerPubkey, order.masterSellerPubkey] = [i.sender, master];
		await askSellerToPay(ctx, order);
	}
	await ctx.publisher.publishOrder(order);
}

async function handleAddInvoice(ctx: Ctx, i: Inbound): Promise<void> {
	const order = getOrder(ctx, i);
	const k = i.message.kind;
	if (i.sender !== order.buyerPubkey) throw new CantDoError('is_not_your_order');
	const p = k.payload;
	if (p === null || !('payment_request' in p)) throw new CantDoError('invalid_payload');
	const request = p.payment_request[1];
	if (order.status === 'settled-hold-invoice' && order.failedPayment) {
		checkBuyerInvoice(order, request);
		order.buyerInvoice = request;
		return rearmPayout(ctx, order, k.request_id);
	}
	if (order.status !== 'waiting-buyer-invoice') throw new CantDoError('not_allowed_by_status');
	checkBuyerInvoice(order, request);
	order.buyerInvoice = request;
	if (order.invoiceHeldAt === 0) return askSellerToPay(ctx, order);
	order.status = 'active';
	ctx.outbox.enqueue(i.sender, buildOrderNotice({ action: 'hold-invoice-payment-accepted', orderId: order.id, requestId: k.request_id, payload: { order: buildSmallOrder(order) } }));
	if (order.sellerPubkey) ctx.outbox.enqueue(order.sellerPubkey, buildOrderNotice({ action: 'buyer-took-order', orderId: order.id, payload: { order: buildSmallOrder(order) } }));
}

async function handleFiatSent(ctx: Ctx, i: Inbound): Promise<void> {
	const order = getOrder(ctx, i);
	if (i.sender !== order.buyerPubkey) throw new CantDoError('is_not_your_order');
	if (order.status !== 'active') throw new CantDoError('not_allowed_by_status');
	order.status = 'fiat-sent';
	const k = i.message.kind;
	if (order.sellerPubkey) {
		ctx.outbox.enqueue(order.sellerPubkey, buildOrderNotice({ action: 'fiat-sent-ok', orderId: order.id, payload: { peer: { pubkey: i.sender, reputation: null } } }));
		ctx.outbox.enqueue(i.sender, buildOrderNotice({ action: 'fiat-sent-ok', orderId: order.id, requestId: k.request_id, payload: { peer: { pubkey: order.sellerPubkey, reputation: null } } }));
	}
}

async function handleCancel(ctx: Ctx, i: Inbound): Promise<void> {
	const order = getOrder(ctx, i);
	const k = i.message.kind;
	if (['active', 'fiat-sent', 'dispute'].includes(order.status)) return cooperativeCancel(ctx, order, i.sender, k.request_id);
	if (order.status === 'pending') {
		if (i.sender !== order.creatorPubkey) throw new CantDoError('is_not_your_order');
	} else if (order.status === 'waiting-payment' || order.status === 'waiting-buyer-invoice') {
		if (i.sender !== order.buyerPubkey && i.sender !== order.sellerPubkey) throw new CantDoError('is_not_your_order');
		if (order.hash) {
			ctx.selfCanceled.add(order.hash);
			await ctx.ln.cancel(order.hash).catch((e: Error) => ctx.o.log(`cancel: ${e.message}`));
		}
	} else throw new CantDoError('not_allowed_by_status');
	order.status = 'canceled';
	await ctx.publisher.publishOrder(order);
	for (const party of new Set([order.buyerPubkey, order.sellerPubkey, order.creatorPubkey])) {
		if (party) ctx.outbox.enqueue(party, buildOrderNotice({ action: 'canceled', orderId: order.id, requestId: party === i.sender ? k.request_id : null }));
	}
}

/** Party actions this double understands; returns false for anything else. */
export async function handlePartyAction(ctx: Ctx, i: Inbound): Promise<boolean> {
	switch (i.message.kind.action) {
		case 'new-order':
			await handleNewOrder(ctx, i);
			return true;
		case 'take-sell':
			await handleTake(ctx, i, 'sell');
			return true;
		case 'take-buy':
			await handleTake(ctx, i, 'buy');
			return true;
		case 'add-invoice':
			await handleAddInvoice(ctx, i);
			return true;
		case 'fiat-sent':
			await handleFiatSent(ctx, i);
			return true;
		case 'release':
			await releaseBySeller(ctx, getOrder(ctx, i), i.sender, i.message.kind.request_id);
			return true;
		case 'cancel':
			await handleCancel(ctx, i);
			return true;
		default:
			return false;
	}
}
