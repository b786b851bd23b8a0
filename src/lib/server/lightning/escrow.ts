// Escrow verification of taken disputes (PRODUCT.md capability 7; MOSTROD.md §8.3): looks up
// each dispute's trade hold invoice by the payment hash from SolverDisputeInfo, records its
// state, amount and HTLC expiry with the chain height, and keeps `disputes.escrow_deadline`
// (the board's urgency sort) up to date. Without LND configured nothing is checked and the
// escrow is "not verified". Runs from domain events (after a take, a decision's answer, a
// reconciliation), the periodic `refreshOpenEscrows`, never from a page load. Each stored
// check is announced as EscrowChecked. Must never settle or cancel an invoice.
import type { Db } from '../db/index.ts';
import type { EscrowState } from '../cases/case-types.ts';
import type { Sealer } from '../vault/seal.ts';
import type { DomainEventBus } from '../domain-events/bus.ts';
import { Refusal } from '../errors.ts';
import { log } from '../log.ts';
import { blockHeight, connectLnd, describeNode, lookupHoldInvoice, LndCallError, type LndCredentials, type NodeDescription } from './lnd-client.ts';
import { getLndCredentials } from './lnd-settings.ts';
import { escrowDeadline } from './escrow-deadline.ts';
import { readableDisputeInfo } from '../cases/dispute-info.ts';
import { saveEscrowCheck } from '../cases/escrow-check-store.ts';
import { listEscrowRecheckIds } from '../cases/dispute-store.ts';

export interface EscrowContext {
	db: Db;
	sealer: Sealer;
	events: DomainEventBus;
	/** The last failed check per dispute (LND's words), cleared by the next stored check; shown by the view. */
	failures?: Map<string, string>;
}

export type EscrowCheck = { state: EscrowState; amountSats: number | null; expiryHeight: number | null; blockHeight: number; checkedAt: number };

async function paymentHashOf(db: Db, disputeId: string): Promise<string | null> {
	const hash = (await readableDisputeInfo(db, disputeId))?.hash ?? null;
	return hash !== null && /^[0-9a-f]{64}$/.test(hash) ? hash : null;
}

/** "Test connection": alias, network and block height, or Refusal(conflict) with LND's words. */
export async function testLndConnection(credentials: LndCredentials): Promise<NodeDescription> {
	try {
		return await describeNode(connectLnd(credentials));
	} catch (error) {
		if (error instanceof LndCallError) throw new Refusal('conflict', 'lnd.error.unreachable', { params: { reason: error.message.slice(0, 200) } });
		throw error;
	}
}

/** Checks one dispute's hold invoice; null when LND is not configured or the dispute has no hash yet. */
export async function refreshEscrow(ctx: EscrowContext, disputeId: string, now = Date.now()): Promise<EscrowCheck | null> {
	const credentials = await getLndCredentials(ctx.db, ctx.sealer);
	const hash = await paymentHashOf(ctx.db, disputeId);
	if (!credentials || !hash) return null;
	const lnd = connectLnd(credentials);
	let invoice: Awaited<ReturnType<typeof lookupHoldInvoice>>;
	let height: number;
	try {
		[invoice, height] = await Promise.all([lookupHoldInvoice(lnd, hash), blockHeight(lnd)]);
	} catch (error) {
		ctx.failures?.set(disputeId, (error instanceof Error ? error.message : String(error)).slice(0, 200));
		throw error;
	}
	ctx.failures?.delete(disputeId);
	const check: EscrowCheck = {
		state: invoice?.state ?? 'missing',
		amountSats: invoice?.amountSats ?? null,
		expiryHeight: invoice?.expiryHeight ?? null,
		blockHeight: height,
		checkedAt: now
	};
	const deadline = check.state === 'accepted' && check.expiryHeight !== null ? escrowDeadline(check.expiryHeight, height, now).expiresAt * 1000 : null;
	await saveEscrowCheck(ctx.db, disputeId, { paymentHash: hash, ...check }, deadline);
	// saveEscrowCheck has committed its own transaction: the event follows it.
	ctx.events.deliver([{ type: 'EscrowChecked', disputeId, state: check.state }]);
	return check;
}

/** Re-checks every taken dispute whose escrow may still be held; failures are logged, not thrown. */
export async function refreshOpenEscrows(ctx: EscrowContext): Promise<number> {
	if (!(await getLndCredentials(ctx.db, ctx.sealer))) return 0;
	const ids = await listEscrowRecheckIds(ctx.db);
	let checked = 0;
	for (const id of ids) {
		try {
			if (await refreshEscrow(ctx, id)) checked += 1;
		} catch (error) {
			log.warn('escrow check failed', { disputeId: id, error: error instanceof Error ? error.message : String(error) });
		}
	}
	return checked;
}
