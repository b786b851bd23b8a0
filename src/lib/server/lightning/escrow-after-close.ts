// Re-checks a dispute's escrow once its public revision closes it (PRODUCT.md capability 7;
// MOSTROD.md §8.3), when the last check still shows the invoice held: a dispute the parties
// closed (released, cooperatively canceled) gets no reply of ours that would trigger a check,
// and the board and Reports read the stored check, so without this they kept calling a
// returned escrow "held" while the case page, which re-checks on load, said it was canceled.
// Never settles or cancels anything; failures are logged, not thrown.
import { log } from '../log.ts';
import { getDispute } from '../cases/dispute-store.ts';
import { getEscrowCheck } from '../cases/escrow-check-store.ts';
import { refreshEscrow, type EscrowContext } from './escrow.ts';

const OPEN_STATUSES: readonly string[] = ['initiated', 'in-progress'];
const HELD_STATES: readonly string[] = ['open', 'accepted'];

/** True when a check was made (the dispute is closed and its last check still said held). */
export async function recheckEscrowAfterClose(ctx: EscrowContext, disputeId: string): Promise<boolean> {
	try {
		const dispute = await getDispute(ctx.db, disputeId);
		if (!dispute || OPEN_STATUSES.includes(dispute.status)) return false;
		const check = await getEscrowCheck(ctx.db, disputeId);
		if (!check || !HELD_STATES.includes(check.state)) return false;
		return (await refreshEscrow(ctx, disputeId)) !== null;
	} catch (error) {
		log.warn('escrow check after close failed', { disputeId, error: error instanceof Error ? error.message : String(error) });
		return false;
	}
}
