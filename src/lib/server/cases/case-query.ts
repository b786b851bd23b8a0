// One read of a case's core: the dispute, its stored SolverDisputeInfo (decoded once, by
// dispute-info.ts) and its linked order, in one query. The case page, the decision rules and
// the evidence and escrow readers start from it. Reads only.
import type { Db, Tx } from '../db/index.ts';
import type { Dispute, LinkedOrder } from './case-types.ts';
import { disputeOf } from './dispute-store.ts';
import { storedInfoOf, type StoredDisputeInfo } from './dispute-info.ts';
import { getOrder } from './order-store.ts';

export interface CaseRecord {
	dispute: Dispute;
	info: StoredDisputeInfo;
	order: LinkedOrder | null;
	/** The holder's display name, when one of our users holds it. */
	holderName: string | null;
}

export async function readCaseRecord(db: Db | Tx, disputeId: string): Promise<CaseRecord | null> {
	const row = await db
		.selectFrom('disputes')
		.leftJoin('dispute_info', 'dispute_info.dispute_id', 'disputes.id')
		.leftJoin('users', 'users.id', 'disputes.holder_user_id')
		.selectAll('disputes')
		.select(['dispute_info.info', 'dispute_info.solver_pubkey', 'dispute_info.received_at', 'users.name as holder_name'])
		.where('disputes.id', '=', disputeId)
		.executeTakeFirst();
	if (!row) return null;
	const info = storedInfoOf(disputeId, row.info === null || row.solver_pubkey === null || row.received_at === null ? null : { info: row.info, solver_pubkey: row.solver_pubkey, received_at: row.received_at });
	return { dispute: disputeOf(row), info, order: await getOrder(db, row.order_id), holderName: row.holder_name };
}
