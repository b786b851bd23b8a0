// Opening disputes (MOSTROD.md §1.1–§1.5, §5.4; §9.1 T1 and T2): the `dispute` action from a
// trade party, and the escrow-deadline guardian's buyer-initiated dispute (also reused by the
// control API). Writes the order and the dispute row, queues the two notices and publishes
// the 38386 `initiated` revision. Must never open a second dispute on an order.
import { buildDisputeInitiatedNotice } from '../../src/lib/protocol/actions/party.ts';
import type { OrderStatus } from '../../src/lib/protocol/payload.ts';
import { CantDoError, InternalError, newUuid, nowSecs, type Ctx } from './daemon-context.ts';
import type { Inbound } from './intake-gate.ts';
import type { DisputeRecord, OrderRecord } from './state-store.ts';

async function publishInitiated(ctx: Ctx, d: DisputeRecord, initiator: 'buyer' | 'seller'): Promise<void> {
	if (ctx.faults.failDisputePublish) {
		ctx.faults.failDisputePublish = false;
		throw new InternalError('DisputeEventError (injected)');
	}
	if (!(await ctx.publisher.publishDispute(d, initiator))) throw new InternalError('DisputeEventError');
}

/** Steps 5–7 and §1.2–§1.5 once the caller is known to be `initiator`. */
export async function openDisputeFor(ctx: Ctx, order: OrderRecord, initiator: 'buyer' | 'seller', requestId: number | null): Promise<DisputeRecord> {
	if (!order.buyerPubkey || !order.sellerPubkey) throw new InternalError('order without buyer or seller');
	if ((initiator === 'buyer' && order.buyerDispute) || (initiator === 'seller' && order.sellerDispute)) {
		throw new CantDoError('dispute_creation_error');
	}
	const previous = order.status as OrderStatus;
	order.status = 'dispute';
	if (initiator === 'buyer') order.buyerDispute = true;
	else order.sellerDispute = true;
	const d: DisputeRecord = {
		id: newUuid(ctx),
		orderId: order.id,
		status: 'initiated',
		orderPreviousStatus: previous,
		solverPubkey: null,
		createdAt: nowSecs(ctx),
		takenAt: 0
	};
	ctx.store.disputes.set(d.id, d);
	const [me, peer] = initiator === 'buyer' ? [order.buyerPubkey, order.sellerPubkey] : [order.sellerPubkey, order.buyerPubkey];
	ctx.outbox.enqueue(peer, buildDisputeInitiatedNotice({ byYou: false, orderId: order.id, disputeId: d.id, requestId }));
	ctx.outbox.enqueue(me, buildDisputeInitiatedNotice({ byYou: true, orderId: order.id, disputeId: d.id, requestId }));
	await publishInitiated(ctx, d, initiator);
	return d;
}

/** `dispute` from a party (§1.1). */
export async function handleDispute(ctx: Ctx, i: Inbound): Promise<void> {
	if (ctx.o.cashuEscrow) throw new CantDoError('invalid_action');
	const orderId = i.message.kind.id;
	if (orderId === undefined) throw new CantDoError('not_found');
	if (ctx.store.disputeOfOrder(orderId)) throw new InternalError('DisputeAlreadyExists');
	const order = ctx.store.orders.get(orderId);
	if (!order) throw new CantDoError('not_found');
	if (order.status !== 'active' && order.status !== 'fiat-sent') throw new CantDoError('not_allowed_by_status');
	if (!order.buyerPubkey || !order.sellerPubkey) throw new InternalError('order without buyer or seller');
	const initiator = i.sender === order.buyerPubkey ? 'buyer' : i.sender === order.sellerPubkey ? 'seller' : null;
	if (initiator === null) throw new CantDoError('invalid_pubkey');
	await openDisputeFor(ctx, order, initiator, i.message.kind.request_id);
}

/** Guardian on a `fiat-sent` order (§5.4): new or reset dispute, buyer-initiated, request_id null. */
export async function openGuardianDispute(ctx: Ctx, order: OrderRecord): Promise<DisputeRecord> {
	if (!order.buyerPubkey || !order.sellerPubkey) throw new InternalError('order without buyer or seller');
	const previous = order.status as OrderStatus;
	let d = ctx.store.disputeOfOrder(order.id);
	if (d) {
		d.status = 'initiated';
		d.solverPubkey = null;
		d.takenAt = 0;
		d.orderPreviousStatus = previous;
	} else {
		d = { id: newUuid(ctx), orderId: order.id, status: 'initiated', orderPreviousStatus: previous, solverPubkey: null, createdAt: nowSecs(ctx), takenAt: 0 };
		ctx.store.disputes.set(d.id, d);
	}
	order.status = 'dispute';
	order.buyerDispute = true;
	ctx.outbox.enqueue(order.buyerPubkey, buildDisputeInitiatedNotice({ byYou: true, orderId: order.id, disputeId: d.id, requestId: null }));
	ctx.outbox.enqueue(order.sellerPubkey, buildDisputeInitiatedNotice({ byYou: false, orderId: order.id, disputeId: d.id, requestId: null }));
	await publishInitiated(ctx, d, 'buyer');
	return d;
}
