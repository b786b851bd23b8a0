// Escrow side of an order (MOSTROD.md §5.1–§5.3, §8.1, §8.4; §9.1 T6–T9): creating and watching
// the trade hold invoice (ACCEPTED advances waiting-payment; CANCELED while active/fiat-sent/
// dispute → hold-invoice-payment-canceled to both, state unchanged), the seller's release
// (also during a dispute, closing it as `settled`; `released` from v0.19), and cooperative cancel
// (closing a dispute as `seller-refunded`; `cooperatively-canceled` from v0.19). From v0.19 the
// holder of a party-closed dispute gets the unsolicited notice (UPSTREAM-0.19.md §5, §6, #945);
// before v0.19 the solver or admin is never told.
import { buildOrderNotice } from '../../src/lib/protocol/actions/party.ts';
import { CantDoError, initiatorOrUnknown, InternalError, newPreimage, nowSecs, type Ctx } from './daemon-context.ts';
import type { HoldState } from './lightning-port.ts';
import { sha256Hex } from './lightning-port.ts';
import { buildSmallOrder } from './order-views.ts';
import { isV019OrNewer } from './options.ts';
import type { DisputeRecord, OrderRecord } from './state-store.ts';

/** v0.19 (#945): `released` / `cooperative-cancel-accepted` with `{"dispute":[id,null]}`, request_id null, to the holder. */
function notifyHolder(ctx: Ctx, order: OrderRecord, d: DisputeRecord, action: 'released' | 'cooperative-cancel-accepted'): void {
	if (!isV019OrNewer(ctx.o.version) || !d.solverPubkey) return;
	ctx.outbox.enqueue(d.solverPubkey, buildOrderNotice({ action, orderId: order.id, payload: { dispute: [d.id, null] } }));
}

/** AddHoldInvoice for amount + fee (§8.1) and start watching it. */
export async function createHoldInvoice(ctx: Ctx, order: OrderRecord): Promise<string> {
	const preimage = newPreimage(ctx);
	const hash = sha256Hex(preimage);
	const memo = `Escrow amount Order #${order.id}: SELL BTC for ${order.fiatCode} ${order.fiatAmount} - It WILL FREEZE IN WALLET.`;
	const request = await ctx.ln.addHoldInvoice({ hash, tokens: order.amount + order.fee, memo, cltvDelta: ctx.o.holdInvoiceCltvDelta });
	order.preimage = preimage;
	order.hash = hash;
	order.holdInvoice = request;
	ctx.watchHold(order);
	return request;
}

function onAccepted(ctx: Ctx, order: OrderRecord): void {
	if (order.status !== 'waiting-payment' && order.status !== 'waiting-buyer-invoice') return;
	if (order.invoiceHeldAt !== 0) return;
	order.invoiceHeldAt = nowSecs(ctx);
	if (!order.buyerPubkey || !order.sellerPubkey) return;
	if (order.buyerInvoice) {
		order.status = 'active';
		ctx.outbox.enqueue(order.buyerPubkey, buildOrderNotice({ action: 'hold-invoice-payment-accepted', orderId: order.id, payload: { order: buildSmallOrder(order) } }));
		ctx.outbox.enqueue(order.sellerPubkey, buildOrderNotice({ action: 'buyer-took-order', orderId: order.id, payload: { order: buildSmallOrder(order) } }));
	} else {
		order.status = 'waiting-buyer-invoice';
		const small = buildSmallOrder(order, { amount: order.amount - order.fee });
		ctx.outbox.enqueue(order.buyerPubkey, buildOrderNotice({ action: 'add-invoice', orderId: order.id, payload: { order: small } }));
		ctx.outbox.enqueue(order.sellerPubkey, buildOrderNotice({ action: 'waiting-buyer-invoice', orderId: order.id }));
	}
	void ctx.publisher.publishOrder(order);
}

function onCanceled(ctx: Ctx, order: OrderRecord): void {
	if (order.hash && ctx.selfCanceled.has(order.hash)) return;
	if (!['active', 'fiat-sent', 'dispute'].includes(order.status)) return;
	ctx.o.log(`hold invoice of ${order.id} canceled by LND at the CLTV horizon while ${order.status}`);
	for (const party of [order.buyerPubkey, order.sellerPubkey]) {
		if (party) ctx.outbox.enqueue(party, buildOrderNotice({ action: 'hold-invoice-payment-canceled', orderId: order.id }));
	}
}

export function reactToHoldState(ctx: Ctx, order: OrderRecord, state: HoldState): void {
	if (state === 'ACCEPTED') onAccepted(ctx, order);
	else if (state === 'CANCELED') onCanceled(ctx, order);
}

/** `release` from the seller (§5.1): from fiat-sent or dispute. */
export async function releaseBySeller(ctx: Ctx, order: OrderRecord, sender: string, requestId: number | null): Promise<void> {
	if (sender !== order.sellerPubkey) throw new CantDoError('is_not_your_order');
	if (order.status !== 'fiat-sent' && order.status !== 'dispute') throw new CantDoError('not_allowed_by_status');
	if (!order.preimage) throw new InternalError('no preimage');
	try {
		await ctx.ln.settle(order.preimage);
	} catch (err) {
		throw new InternalError(`LnNodeError: ${(err as Error).message}`);
	}
	if (order.status !== 'fiat-sent' && order.status !== 'dispute') return;
	order.status = 'settled-hold-invoice';
	const d = ctx.store.disputeOfOrder(order.id);
	if (d && (d.status === 'initiated' || d.status === 'in-progress')) {
		d.status = isV019OrNewer(ctx.o.version) ? 'released' : 'settled';
		await ctx.publisher.publishDispute(d, initiatorOrUnknown(order));
		notifyHolder(ctx, order, d, 'released');
	}
	if (order.buyerPubkey) ctx.outbox.enqueue(order.buyerPubkey, buildOrderNotice({ action: 'released', orderId: order.id }));
	ctx.outbox.enqueue(sender, buildOrderNotice({ action: 'hold-invoice-payment-settled', orderId: order.id, requestId }));
	ctx.outbox.enqueue(sender, buildOrderNotice({ action: 'rate', orderId: order.id }));
	for (const b of ctx.store.bondsOfOrder(order.id)) {
		if (b.state !== 'locked') continue;
		ctx.selfCanceled.add(b.hash);
		await ctx.ln.cancel(b.hash).then(
			() => (b.state = 'released'),
			(e: Error) => ctx.o.log(`bond release: ${e.message}`)
		);
	}
	ctx.startPayout(order);
}

/** `cancel` from a party while active, fiat-sent or dispute (§5.2). */
export async function cooperativeCancel(ctx: Ctx, order: OrderRecord, sender: string, requestId: number | null): Promise<void> {
	const side = sender === order.buyerPubkey ? 'buyer' : sender === order.sellerPubkey ? 'seller' : null;
	if (side === null || !order.buyerPubkey || !order.sellerPubkey) throw new CantDoError('is_not_your_order');
	const other = side === 'buyer' ? order.sellerPubkey : order.buyerPubkey;
	if (order.cancelInitiatorPubkey === null) {
		order.cancelInitiatorPubkey = sender;
		if (side === 'buyer') order.buyerCooperativeCancel = true;
		else order.sellerCooperativeCancel = true;
		ctx.outbox.enqueue(sender, buildOrderNotice({ action: 'cooperative-cancel-initiated-by-you', orderId: order.id, requestId }));
		ctx.outbox.enqueue(other, buildOrderNotice({ action: 'cooperative-cancel-initiated-by-peer', orderId: order.id }));
		return;
	}
	if (order.cancelInitiatorPubkey === sender) throw new CantDoError('invalid_pubkey');
	if (order.hash) {
		ctx.selfCanceled.add(order.hash);
		try {
			await ctx.ln.cancel(order.hash);
		} catch (err) {
			ctx.selfCanceled.delete(order.hash);
			throw new InternalError(`LnNodeError: ${(err as Error).message}`);
		}
	}
	order.status = 'cooperatively-canceled';
	const held = ctx.faults.heldCloseEvents;
	const publish = (run: () => Promise<unknown>) => (held ? (held.push(run), Promise.resolve()) : run());
	await publish(() => ctx.publisher.publishOrder(order));
	ctx.outbox.enqueue(sender, buildOrderNotice({ action: 'cooperative-cancel-accepted', orderId: order.id, requestId }));
	ctx.outbox.enqueue(other, buildOrderNotice({ action: 'cooperative-cancel-accepted', orderId: order.id }));
	const d = ctx.store.disputeOfOrder(order.id);
	if (d && (d.status === 'initiated' || d.status === 'in-progress')) {
		d.status = isV019OrNewer(ctx.o.version) ? 'cooperatively-canceled' : 'seller-refunded';
		await publish(() => ctx.publisher.publishDispute(d, initiatorOrUnknown(order)));
		notifyHolder(ctx, order, d, 'cooperative-cancel-accepted');
	}
	for (const b of ctx.store.bondsOfOrder(order.id)) {
		if (b.state !== 'locked') continue;
		ctx.selfCanceled.add(b.hash);
		await ctx.ln.cancel(b.hash).then(
			() => (b.state = 'released'),
			(e: Error) => ctx.o.log(`bond release: ${e.message}`)
		);
	}
}
