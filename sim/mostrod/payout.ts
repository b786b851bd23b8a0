// Buyer payout after a settle or a seller release (MOSTROD.md §3.3 step 7, §3.6, §8.1; §9.1
// T4/T6 tail and T11): pay `buyer_invoice` for amount − fee with the routing-fee cap; success →
// order `success`, 38383 `s=success`, queued purchase-completed + rate to the buyer; failure →
// `failed_payment`, payment-failed once, retries, then add-invoice. Must never pay an order
// twice or pay an invoice whose amount is not exactly amount − fee.
import { buildOrderNotice } from '../../src/lib/protocol/actions/party.ts';
import { decodeInvoice } from '../lnd/index.ts';
import { later, type Ctx } from './daemon-context.ts';
import { buildSmallOrder } from './order-views.ts';
import type { OrderRecord } from './state-store.ts';

export function payoutAmount(o: OrderRecord): number {
	return o.amount - o.fee;
}

export function routingFeeCap(amount: number): number {
	return amount <= 1000 ? Math.max(amount * 0.01, 10) : amount * 0.002;
}

/** The invoice's amount in sats, null for a zero-amount invoice; throws when not BOLT-11. */
export function invoiceSats(request: string): number | null {
	const d = decodeInvoice(request);
	return d.amountMsat === null ? null : Number(d.amountMsat / 1000n);
}

async function attempt(ctx: Ctx, order: OrderRecord): Promise<boolean> {
	const invoice = order.buyerInvoice;
	if (!invoice) return false;
	const amount = payoutAmount(order);
	try {
		const sats = invoiceSats(invoice);
		if (sats !== null && sats !== amount) throw new Error(`invoice amount ${sats} is not ${amount}`);
		await ctx.ln.pay(invoice, routingFeeCap(amount));
		return true;
	} catch (err) {
		ctx.o.log(`payout of ${order.id} failed: ${(err as Error).message}`);
		return false;
	}
}

function succeed(ctx: Ctx, order: OrderRecord): void {
	order.status = 'success';
	order.failedPayment = false;
	order.payoutInFlight = false;
	void ctx.publisher.publishOrder(order);
	if (order.buyerPubkey) {
		ctx.outbox.enqueue(order.buyerPubkey, buildOrderNotice({ action: 'purchase-completed', orderId: order.id }));
		ctx.outbox.enqueue(order.buyerPubkey, buildOrderNotice({ action: 'rate', orderId: order.id }));
	}
}

function scheduleRetry(ctx: Ctx, order: OrderRecord): void {
	later(ctx, ctx.o.paymentRetryDelayMs, () => void retry(ctx, order));
}

async function retry(ctx: Ctx, order: OrderRecord): Promise<void> {
	if (order.status !== 'settled-hold-invoice' || !order.failedPayment) return;
	order.paymentAttempts += 1;
	if (await attempt(ctx, order)) return succeed(ctx, order);
	if (order.paymentAttempts < ctx.o.paymentAttempts) return scheduleRetry(ctx, order);
	order.payoutInFlight = false;
	if (order.buyerPubkey) {
		const small = buildSmallOrder(order, { amount: payoutAmount(order) });
		ctx.outbox.enqueue(order.buyerPubkey, buildOrderNotice({ action: 'add-invoice', orderId: order.id, payload: { order: small } }));
	}
}

/** Runs in the background; the admin sees nothing from here on. */
export function startPayout(ctx: Ctx, order: OrderRecord): void {
	if (order.payoutInFlight) return;
	order.payoutInFlight = true;
	void (async () => {
		if (await attempt(ctx, order)) return succeed(ctx, order);
		if (order.status !== 'settled-hold-invoice') return;
		const first = !order.failedPayment;
		order.failedPayment = true;
		order.paymentAttempts = 0;
		if (first && order.buyerPubkey) {
			const payload = { payment_failed: { payment_attempts: ctx.o.paymentAttempts - 1, payment_retries_interval: ctx.o.paymentRetriesIntervalSecs } };
			ctx.outbox.enqueue(order.buyerPubkey, buildOrderNotice({ action: 'payment-failed', orderId: order.id, payload }));
		}
		scheduleRetry(ctx, order);
	})();
}

/** A new buyer invoice after a failed payout: invoice-updated and re-arm the retry (§3.6). */
export function rearmPayout(ctx: Ctx, order: OrderRecord, requestId: number | null): void {
	if (order.buyerPubkey) ctx.outbox.enqueue(order.buyerPubkey, buildOrderNotice({ action: 'invoice-updated', orderId: order.id, requestId }));
	order.paymentAttempts = 0;
	order.payoutInFlight = true;
	scheduleRetry(ctx, order);
}
