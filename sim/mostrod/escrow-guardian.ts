// Escrow-deadline guardian (MOSTROD.md §5.4; §9.1 T2): for orders `active` or `fiat-sent` whose
// accepted HTLC is within `escrow_deadline_margin_blocks` of its CLTV expiry height, fiat-sent
// → buyer-initiated dispute (hold invoice kept), active → cancel the invoice, order `canceled`,
// 38383 `s=canceled`, `canceled` to maker and taker. Skips `dispute`. Must never cancel the
// hold invoice of a fiat-sent order.
import { buildOrderNotice } from '../../src/lib/protocol/actions/party.ts';
import type { Ctx } from './daemon-context.ts';
import { openGuardianDispute } from './dispute-open.ts';
import type { OrderRecord } from './state-store.ts';

async function nearDeadline(ctx: Ctx, order: OrderRecord, height: number): Promise<boolean> {
	if (!order.hash) return false;
	const inv = await ctx.ln.lookup(order.hash);
	const expiry = inv.expiryHeights.length ? Math.min(...inv.expiryHeights) : null;
	return expiry !== null && expiry - height <= ctx.o.escrowDeadlineMarginBlocks;
}

/** Act on one order as the guardian would once its deadline is near. */
export async function actOnDeadline(ctx: Ctx, order: OrderRecord): Promise<'dispute' | 'canceled' | 'skipped'> {
	if (order.status === 'fiat-sent') {
		await openGuardianDispute(ctx, order);
		return 'dispute';
	}
	if (order.status !== 'active') return 'skipped';
	if (order.hash) {
		ctx.selfCanceled.add(order.hash);
		await ctx.ln.cancel(order.hash);
	}
	order.status = 'canceled';
	await ctx.publisher.publishOrder(order);
	for (const party of new Set([order.creatorPubkey, order.buyerPubkey, order.sellerPubkey])) {
		if (party) ctx.outbox.enqueue(party, buildOrderNotice({ action: 'canceled', orderId: order.id }));
	}
	return 'canceled';
}

/** One guardian pass; returns the ids of the orders it acted on. */
export async function runGuardian(ctx: Ctx): Promise<string[]> {
	let height: number;
	try {
		height = await ctx.ln.height();
	} catch (err) {
		ctx.o.log(`guardian: no chain height (${(err as Error).message})`);
		return [];
	}
	const acted: string[] = [];
	for (const order of [...ctx.store.orders.values()]) {
		if (order.status !== 'active' && order.status !== 'fiat-sent') continue;
		try {
			if (!(await nearDeadline(ctx, order, height))) continue;
			if ((await actOnDeadline(ctx, order)) !== 'skipped') acted.push(order.id);
		} catch (err) {
			ctx.o.log(`guardian on ${order.id}: ${(err as Error).message}`);
		}
	}
	return acted;
}
