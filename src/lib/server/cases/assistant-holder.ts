// A dispute's holder outside the console (UPSTREAM-0.19.md §8): the dispute event never names its
// holder and disputes.holder_user_id only points at console users, so when the console learns
// that another key holds a dispute (the node's assistant solver, from its own `taken` message)
// the key is kept here. Reads say "assistant" only when the key is the node's announced
// assistant key. Must never store a console user's key here, nor overwrite a console holder.
import type { Db, Tx } from '../db/index.ts';
import type { DisputeOutsideHoldersTable } from '../db/schema.ts';
import { resolveAssistantKey } from '../mostro/assistant-key-setting.ts';

export type OutsideHolderSource = DisputeOutsideHoldersTable['learned_from'];

/** Records (or replaces) the dispute's outside holder; skipped while a console user holds it. */
export async function recordOutsideHolder(db: Db | Tx, disputeId: string, holderPubkey: string, source: OutsideHolderSource, now: number): Promise<boolean> {
	const dispute = await db.selectFrom('disputes').select('holder_user_id').where('id', '=', disputeId).executeTakeFirst();
	if (dispute && dispute.holder_user_id !== null) return false;
	const ours = await db.selectFrom('solver_keys').select('user_id').where('pubkey', '=', holderPubkey).executeTakeFirst();
	if (ours) return false;
	await db
		.insertInto('dispute_outside_holders')
		.values({ dispute_id: disputeId, holder_pubkey: holderPubkey, learned_from: source, learned_at: now })
		.onConflict((oc) => oc.column('dispute_id').doUpdateSet({ holder_pubkey: holderPubkey, learned_from: source, learned_at: now }))
		.execute();
	return true;
}

/** Forgets the outside holder (a console user took the dispute over, or another solver took it). */
export async function forgetOutsideHolder(db: Db | Tx, disputeId: string): Promise<void> {
	await db.deleteFrom('dispute_outside_holders').where('dispute_id', '=', disputeId).execute();
}

export async function getOutsideHolder(db: Db, disputeId: string): Promise<{ pubkey: string; source: OutsideHolderSource; learnedAt: number } | null> {
	const row = await db.selectFrom('dispute_outside_holders').selectAll().where('dispute_id', '=', disputeId).executeTakeFirst();
	return row ? { pubkey: row.holder_pubkey, source: row.learned_from, learnedAt: row.learned_at } : null;
}

/**
 * Of `disputeIds`, those an `assistantPubkey` holds: in-progress, no console holder, and the
 * known outside holder is that key. Empty when the node announces no assistant.
 */
export async function disputesHeldByAssistant(db: Db, assistantPubkey: string | null, disputeIds: string[] | null = null): Promise<Set<string>> {
	if (!assistantPubkey || (disputeIds !== null && disputeIds.length === 0)) return new Set();
	let query = db
		.selectFrom('dispute_outside_holders')
		.innerJoin('disputes', 'disputes.id', 'dispute_outside_holders.dispute_id')
		.select('disputes.id')
		.where('dispute_outside_holders.holder_pubkey', '=', assistantPubkey)
		.where('disputes.holder_user_id', 'is', null)
		.where('disputes.status', '=', 'in-progress');
	if (disputeIds !== null) query = query.where('disputes.id', 'in', disputeIds);
	return new Set((await query.execute()).map((row) => row.id));
}

/** The assistant key in force (announced by the node, else configured) and, of `disputeIds`, those it holds (for board, case and Reports). */
export async function loadAssistantHolds(db: Db, nodePubkey: string | null, disputeIds: string[] | null): Promise<{ assistantPubkey: string | null; held: Set<string> }> {
	const { pubkey: assistantPubkey } = await resolveAssistantKey(db, nodePubkey);
	return { assistantPubkey, held: await disputesHeldByAssistant(db, assistantPubkey, disputeIds) };
}
