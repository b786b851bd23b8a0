// What the case page and the API show about a dispute's escrow (PRODUCT.md capability 7): "not
// verified" without LND, otherwise the last check (state, amount, expiry) with the countdown to
// the HTLC expiry and to the daemon's safety margin, refreshed when older than a few seconds;
// "not verified" with LND's reason when that refresh fails. Never returns credentials.
import { log } from '../log.ts';
import { getLndCredentials } from './lnd-settings.ts';
import { refreshEscrow, type EscrowContext } from './escrow.ts';
import { escrowDeadline, type EscrowDeadline } from './escrow-deadline.ts';
import { getEscrowCheck } from '../cases/escrow-check-store.ts';
import type { EscrowState } from '../cases/case-types.ts';

const FRESH_MS = 10_000;

export type EscrowView =
	| { verified: false; reason: 'no_lnd' | 'no_hash' | 'error'; error: string | null }
	| {
			verified: true;
			state: EscrowState;
			amountSats: number | null;
			expiryHeight: number | null;
			blockHeight: number;
			checkedAt: number;
			paymentHash: string;
			deadline: EscrowDeadline | null;
	  };

export async function loadEscrowView(ctx: EscrowContext, disputeId: string, now = Date.now()): Promise<EscrowView> {
	if (!(await getLndCredentials(ctx.db, ctx.sealer))) return { verified: false, reason: 'no_lnd', error: null };
	let row = await getEscrowCheck(ctx.db, disputeId);
	if (!row || now - row.checkedAt > FRESH_MS) {
		try {
			await refreshEscrow(ctx, disputeId, now);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			log.warn('escrow check failed', { disputeId, error: message });
			// An older check is not shown as current: LND could not confirm it now.
			return { verified: false, reason: 'error', error: message.slice(0, 200) };
		}
		row = await getEscrowCheck(ctx.db, disputeId);
	}
	if (!row) return { verified: false, reason: 'no_hash', error: null };
	return {
		verified: true,
		state: row.state,
		amountSats: row.amountSats,
		expiryHeight: row.expiryHeight,
		blockHeight: row.blockHeight,
		checkedAt: row.checkedAt,
		paymentHash: row.paymentHash,
		deadline: row.state === 'accepted' && row.expiryHeight !== null ? escrowDeadline(row.expiryHeight, row.blockHeight, row.checkedAt) : null
	};
}
