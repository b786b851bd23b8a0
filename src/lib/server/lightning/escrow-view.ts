// What the case page and the API show about a dispute's escrow (PRODUCT.md capability 7): "not
// verified" without LND, otherwise the last stored check (state, amount, expiry, and its age)
// with the countdown to the HTLC expiry and to the daemon's safety margin; "not verified" with
// LND's reason when the latest re-check failed (an older check is never passed off as current).
// Read-only: it never calls LND, writes or publishes (checks run from domain events and the
// periodic re-check, see escrow.ts). Never returns credentials.
import { getLndCredentials } from './lnd-settings.ts';
import type { EscrowContext } from './escrow.ts';
import { escrowDeadline, type EscrowDeadline } from './escrow-deadline.ts';
import { getEscrowCheck } from '../cases/escrow-check-store.ts';
import { readableDisputeInfo } from '../cases/dispute-info.ts';
import type { EscrowState } from '../cases/case-types.ts';

export type EscrowView =
	| { verified: false; reason: 'no_lnd' | 'no_hash' | 'not_checked' | 'error'; error: string | null }
	| {
			verified: true;
			state: EscrowState;
			amountSats: number | null;
			expiryHeight: number | null;
			blockHeight: number;
			checkedAt: number;
			/** How old the stored check is when the view was read (ms). */
			ageMs: number;
			paymentHash: string;
			deadline: EscrowDeadline | null;
	  };

export async function loadEscrowView(ctx: Pick<EscrowContext, 'db' | 'sealer' | 'failures'>, disputeId: string, now = Date.now()): Promise<EscrowView> {
	if (!(await getLndCredentials(ctx.db, ctx.sealer))) return { verified: false, reason: 'no_lnd', error: null };
	// The latest re-check failed: an older check is not shown as current, LND could not confirm it now.
	const failure = ctx.failures?.get(disputeId) ?? null;
	if (failure !== null) return { verified: false, reason: 'error', error: failure };
	const row = await getEscrowCheck(ctx.db, disputeId);
	if (!row) {
		const hash = (await readableDisputeInfo(ctx.db, disputeId))?.hash ?? null;
		return { verified: false, reason: hash === null ? 'no_hash' : 'not_checked', error: null };
	}
	return {
		verified: true,
		state: row.state,
		amountSats: row.amountSats,
		expiryHeight: row.expiryHeight,
		blockHeight: row.blockHeight,
		checkedAt: row.checkedAt,
		ageMs: Math.max(0, now - row.checkedAt),
		paymentHash: row.paymentHash,
		deadline: row.state === 'accepted' && row.expiryHeight !== null ? escrowDeadline(row.expiryHeight, row.blockHeight, row.checkedAt) : null
	};
}
