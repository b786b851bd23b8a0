// `admin-take-dispute` (MOSTROD.md §2, §9.1 T3, §9.6 quirks 3, 4, 7): load the dispute by id
// (unknown → silent), authorise the caller's identity (`pubkey_event_can_solve`: node key,
// solvers on `initiated`, re-take, read-write over read takeover; refusal → invalid_pubkey),
// write in-progress, then direct DMs (SolverDisputeInfo to the identity, peer notice to buyer
// then seller) and the 38386 revision. Must never tell the previous solver about a takeover.
import { buildAdminTookDisputeNotice, buildAdminTookDisputeReply } from '../../src/lib/protocol/actions/admin-take-dispute.ts';
import { CantDoError, initiatorOf, InternalError, isNodeKey, nowSecs, type Ctx } from './daemon-context.ts';
import type { Inbound } from './intake-gate.ts';
import { buildSolverDisputeInfo } from './order-views.ts';
import type { DisputeRecord } from './state-store.ts';

/** §2.2, evaluated in order. */
export function canSolve(ctx: Ctx, caller: string, d: DisputeRecord): boolean {
	const open = d.status === 'initiated' || d.status === 'in-progress';
	if (isNodeKey(ctx, caller) && open) return true;
	const solver = ctx.store.solver(caller);
	if (!solver) return false;
	if (d.status === 'initiated') return true;
	if (d.status !== 'in-progress') return false;
	if (d.solverPubkey === caller) return true;
	const current = d.solverPubkey ? ctx.store.solver(d.solverPubkey) : undefined;
	return solver.category === 2 && current !== undefined && current.category === 1;
}

export async function handleAdminTakeDispute(ctx: Ctx, i: Inbound): Promise<void> {
	if (ctx.o.cashuEscrow) throw new CantDoError('invalid_action');
	const k = i.message.kind;
	const d = k.id === undefined ? undefined : ctx.store.disputes.get(k.id);
	if (!d) throw new InternalError('InvalidDisputeId');
	const caller = i.identity;
	if (!canSolve(ctx, caller, d)) throw new CantDoError('invalid_pubkey');
	const order = ctx.store.orders.get(d.orderId);
	if (!order) throw new CantDoError('not_found');
	d.status = 'in-progress';
	d.solverPubkey = caller;
	d.takenAt = nowSecs(ctx);
	const initiator = initiatorOf(order);
	if (initiator === null) throw new InternalError('DisputeEventError: inconsistent dispute flags');
	const event = ctx.publisher.buildDispute(d, initiator);
	const info = buildSolverDisputeInfo(ctx.store, order, d, initiator, nowSecs(ctx), ctx.o.version);
	const requestId = k.request_id;
	await ctx.outbox.direct(caller, buildAdminTookDisputeReply({ disputeId: d.id, info, requestId }));
	const notice = buildAdminTookDisputeNotice({ orderId: order.id, solverPubkey: caller, requestId });
	for (const party of [order.buyerPubkey, order.sellerPubkey]) if (party) await ctx.outbox.direct(party, notice);
	if (!(await ctx.publisher.publishEvent(event))) throw new InternalError('publish of the in-progress revision failed');
}
