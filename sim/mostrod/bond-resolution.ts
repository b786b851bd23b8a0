// `bond_resolution` on admin-settle / admin-cancel (MOSTROD.md §3.2 step 6, §3.5): validation
// (a slash flag for a side without a `locked` bond → invalid_payload, nothing changed yet) and
// application after the trade side succeeded (slash = settle the bond hold invoice → pending-
// payout + queued bond-slashed to the slashed party; others released = cancel). Failures here
// are only logged. Must never notify the admin.
import { buildOrderNotice } from '../../src/lib/protocol/actions/party.ts';
import type { BondResolution, Payload } from '../../src/lib/protocol/payload.ts';
import { CantDoError, nowSecs, type Ctx } from './daemon-context.ts';
import { buildSmallOrder } from './order-views.ts';
import type { OrderRecord } from './state-store.ts';

export function readBondResolution(p: Payload | null): BondResolution {
	if (p !== null && 'bond_resolution' in p) return p.bond_resolution;
	return { slash_seller: false, slash_buyer: false };
}

export function checkBondResolution(ctx: Ctx, order: OrderRecord, r: BondResolution): void {
	const locked = ctx.store.bondsOfOrder(order.id).filter((b) => b.state === 'locked');
	if (r.slash_seller && !locked.some((b) => b.side === 'seller')) throw new CantDoError('invalid_payload');
	if (r.slash_buyer && !locked.some((b) => b.side === 'buyer')) throw new CantDoError('invalid_payload');
}

export async function applyBondResolution(ctx: Ctx, order: OrderRecord, r: BondResolution): Promise<void> {
	for (const bond of ctx.store.bondsOfOrder(order.id)) {
		if (bond.state !== 'locked') continue;
		const slash = bond.side === 'seller' ? r.slash_seller : r.slash_buyer;
		try {
			if (slash) {
				try {
					await ctx.ln.settle(bond.preimage);
				} catch (err) {
					if ((await ctx.ln.lookup(bond.hash)).state !== 'SETTLED') throw err;
				}
				bond.state = 'pending-payout';
				bond.slashedReason = 'lost-dispute';
				bond.slashedAt = nowSecs(ctx);
				const small = buildSmallOrder(order, { amount: bond.amount, status: null, created_at: null });
				ctx.outbox.enqueue(bond.pubkey, buildOrderNotice({ action: 'bond-slashed', orderId: order.id, requestId: null, payload: { order: small } }));
			} else {
				ctx.selfCanceled.add(bond.hash);
				await ctx.ln.cancel(bond.hash);
				bond.state = 'released';
			}
		} catch (err) {
			ctx.o.log(`bond ${bond.id}: ${(err as Error).message}`);
		}
	}
}
