// The `escrow_checks` table (PRODUCT.md capability 7; MOSTROD.md §8.3): the last look at each
// dispute's trade hold invoice, and the board's urgency key kept beside it in one transaction.
// `expiry_height` keeps the HTLC expiry last seen while the invoice was held: a settled or
// canceled invoice has no held HTLC left, and Reports still needs the deadline it had.
// Never talks to LND (lightning/escrow.ts does) and never settles or cancels anything.
import type { Db, Tx } from '../db/index.ts';
import type { EscrowCheckRecord } from './case-types.ts';
import { setEscrowDeadline } from './dispute-store.ts';

export async function getEscrowCheck(db: Db | Tx, disputeId: string): Promise<EscrowCheckRecord | null> {
	const row = await db.selectFrom('escrow_checks').selectAll().where('dispute_id', '=', disputeId).executeTakeFirst();
	return row ? { paymentHash: row.payment_hash, state: row.state, amountSats: row.amount_sats, expiryHeight: row.expiry_height, blockHeight: row.block_height, checkedAt: row.checked_at } : null;
}

/** Records a check and the deadline (epoch ms, null unless held) in one transaction. */
export async function saveEscrowCheck(db: Db, disputeId: string, check: EscrowCheckRecord, deadlineMs: number | null): Promise<void> {
	await db.transaction().execute(async (tx) => {
		const before = check.expiryHeight === null ? await tx.selectFrom('escrow_checks').select(['payment_hash', 'expiry_height']).where('dispute_id', '=', disputeId).executeTakeFirst() : undefined;
		const expiryHeight = check.expiryHeight ?? (before?.payment_hash === check.paymentHash ? before.expiry_height : null);
		const row = { payment_hash: check.paymentHash, state: check.state, amount_sats: check.amountSats, expiry_height: expiryHeight, block_height: check.blockHeight, checked_at: check.checkedAt };
		await tx
			.insertInto('escrow_checks')
			.values({ dispute_id: disputeId, ...row })
			.onConflict((oc) => oc.column('dispute_id').doUpdateSet(row))
			.execute();
		await setEscrowDeadline(tx, disputeId, deadlineMs);
	});
}
