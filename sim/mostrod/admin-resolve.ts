// `admin-settle` and `admin-cancel` (MOSTROD.md §3.1–§3.4, §3.6; §9.1 T4, T5, T10; §9.6 quirks
// 1, 2, 4, 5, 6): shared checks (not_found → assigned solver by identity, else
// dispute_taken_by_admin / is_not_your_dispute → read-write or node key, else not_authorized →
// cooperatively-canceled answers cooperative-cancel-accepted → status → bond resolution), then
// the LND settle/cancel (any error silent), state, 38386/38383 and the acknowledgements
// (settle: queued; cancel: direct). Must never touch state before LND succeeded.
import { buildAdminCanceledReply } from '../../src/lib/protocol/actions/admin-cancel.ts';
import { buildAdminSettledReply } from '../../src/lib/protocol/actions/admin-settle.ts';
import { buildMessage } from '../../src/lib/protocol/message.ts';
import { applyBondResolution, checkBondResolution, readBondResolution } from './bond-resolution.ts';
import { CantDoError, initiatorOf, InternalError, isNodeKey, type Ctx } from './daemon-context.ts';
import type { Inbound } from './intake-gate.ts';
import type { OrderRecord } from './state-store.ts';

type Checked = { order: OrderRecord; proceed: boolean };

function checkResolve(ctx: Ctx, i: Inbound, action: 'admin-settle' | 'admin-cancel'): Checked {
	if (ctx.o.cashuEscrow) throw new CantDoError('invalid_action');
	const k = i.message.kind;
	const order = k.id === undefined ? undefined : ctx.store.orders.get(k.id);
	if (!order) throw new CantDoError('not_found');
	const caller = i.identity;
	const d = ctx.store.disputeOfOrder(order.id);
	if (!d || d.solverPubkey !== caller) {
		if (d && d.status === 'in-progress' && d.solverPubkey === ctx.o.pubkey) throw new CantDoError('dispute_taken_by_admin');
		throw new CantDoError('is_not_your_dispute');
	}
	if (!isNodeKey(ctx, caller) && ctx.store.solver(caller)?.category !== 2) throw new CantDoError('not_authorized');
	if (order.status === 'cooperatively-canceled') {
		const m = buildMessage({ variant: 'order', requestId: k.request_id, tradeIndex: k.trade_index, id: order.id, action: 'cooperative-cancel-accepted' });
		ctx.outbox.enqueue(caller, m);
		return { order, proceed: false };
	}
	if (order.status !== 'dispute') throw new CantDoError(action === 'admin-settle' ? 'invalid_order_status' : 'not_allowed_by_status');
	checkBondResolution(ctx, order, readBondResolution(k.payload));
	return { order, proceed: true };
}

export async function handleAdminSettle(ctx: Ctx, i: Inbound): Promise<void> {
	const { order, proceed } = checkResolve(ctx, i, 'admin-settle');
	if (!proceed) return;
	const k = i.message.kind;
	if (!order.preimage) throw new InternalError('LnNodeError: no preimage');
	try {
		await ctx.ln.settle(order.preimage);
	} catch (err) {
		throw new InternalError(`LnNodeError: ${(err as Error).message}`);
	}
	if (ctx.faults.settleGuardRace) {
		ctx.faults.settleGuardRace = false;
		return;
	}
	if (order.status !== 'dispute') return;
	order.status = 'settled-hold-invoice';
	const d = ctx.store.disputeOfOrder(order.id);
	if (d) d.status = 'settled';
	const initiator = initiatorOf(order);
	if (initiator === null) throw new InternalError('inconsistent dispute flags on settle');
	if (d && !(await ctx.publisher.publishDispute(d, initiator))) ctx.o.log('38386 settled publish failed');
	ctx.outbox.enqueue(i.sender, buildAdminSettledReply({ orderId: order.id, requestId: k.request_id }));
	const party = buildMessage({ variant: 'order', requestId: null, tradeIndex: k.trade_index, id: order.id, action: 'admin-settled' });
	if (order.sellerPubkey) ctx.outbox.enqueue(order.sellerPubkey, party);
	if (order.buyerPubkey) ctx.outbox.enqueue(order.buyerPubkey, party);
	await applyBondResolution(ctx, order, readBondResolution(k.payload));
	ctx.startPayout(order);
}

export async function handleAdminCancel(ctx: Ctx, i: Inbound): Promise<void> {
	const { order, proceed } = checkResolve(ctx, i, 'admin-cancel');
	if (!proceed) return;
	const k = i.message.kind;
	if (order.hash) {
		ctx.selfCanceled.add(order.hash);
		try {
			await ctx.ln.cancel(order.hash);
		} catch (err) {
			ctx.selfCanceled.delete(order.hash);
			throw new InternalError(`LnNodeError: ${(err as Error).message}`);
		}
	}
	const initiator = initiatorOf(order);
	if (initiator === null) throw new InternalError('inconsistent dispute flags on cancel');
	const d = ctx.store.disputeOfOrder(order.id);
	if (d) {
		d.status = 'seller-refunded';
		if (!(await ctx.publisher.publishDispute(d, initiator))) ctx.o.log('38386 seller-refunded publish failed');
	}
	order.status = 'canceled-by-admin';
	await ctx.publisher.publishOrder(order);
	const reply = buildAdminCanceledReply({ orderId: order.id, requestId: k.request_id });
	const withIndex = { variant: reply.variant, kind: { ...reply.kind, trade_index: k.trade_index } };
	await ctx.outbox.direct(i.sender, withIndex);
	for (const party of [order.sellerPubkey, order.buyerPubkey]) if (party) await ctx.outbox.direct(party, withIndex);
	await applyBondResolution(ctx, order, readBondResolution(k.payload));
}
