// What the case page and the API show about a dispute's escrow (PRODUCT.md capability 7): "not
// verified" without LND, otherwise the last check (state, amount, expiry) with the countdown to
// the HTLC expiry and to the daemon's safety margin, refreshed when older than a few seconds.
// Never returns credentials.
import { log } from '../log.ts';
import { getLndCredentials } from './lnd-settings.ts';
import { refreshEscrow, type EscrowContext } from './escrow.ts';
import { escrowDeadline, type EscrowDeadline } from './escrow-deadline.ts';

const FRESH_MS = 10_000;

export type EscrowView =
	| { verified: false; reason: 'no_lnd' | 'no_hash' | 'error'; error: string | null }
	| {
			verified: true;
			state: 'open' | 'accepted' | 'settled' | 'canceled' | 'missing';
			amountSats: number | null;
			expiryHeight: number | null;
			blockHeight: number;
			checkedAt: number;
			paymentHash: string;
			deadline: EscrowDeadline | null;
	  };

export async function loadEscrowView(ctx: EscrowContext, disputeId: string, now = Date.now()): Promise<EscrowView> {
	if (!(await getLndCredentials(ctx.db, ctx.sealer))) return { verified: false, reason: 'no_lnd', error: null };
	let row = await ctx.db.selectFrom('escrow_checks').selectAll().where('dispute_id', '=', disputeId).executeTakeFirst();
	if (!row || now - row.checked_at > FRESH_MS) {
		try {
			await refreshEscrow(ctx, disputeId, now);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			log.warn('escrow check failed', { disputeId, error: message });
			if (!row) return { verified: false, reason: 'error', error: message.slice(0, 200) };
		}
		row = await ctx.db.selectFrom('escrow_checks').selectAll().where('dispute_id', '=', disputeId).executeTakeFirst();
	}
	if (!row) return { verified: false, reason: 'no_hash', error: null };
	return {
		verified: true,
		state: row.state,
		amountSats: row.amount_sats,
		expiryHeight: row.expiry_height,
		blockHeight: row.block_height,
		checkedAt: row.checked_at,
		paymentHash: row.payment_hash,
		deadline: row.state === 'accepted' && row.expiry_height !== null ? escrowDeadline(row.expiry_height, row.block_height, row.checked_at) : null
	};
}
