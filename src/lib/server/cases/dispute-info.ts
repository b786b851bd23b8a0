// The one reader and writer of `dispute_info`: the SolverDisputeInfo the node sent with
// `admin-took-dispute` (PROTOCOL.md §4.2, the `dispute` payload), stored without its preimage
// (the preimage is sealed in its own column and never read here). A row that no longer
// decodes is the typed state `unreadable`, logged once per row per process; it must never
// crash a page and never turn into a silent default.
import type { Db, Tx } from '../db/index.ts';
import { log } from '../log.ts';
import { parseSolverDisputeInfo } from '../../protocol/payload-parse.ts';
import type { SolverDisputeInfo } from '../../protocol/payload.ts';

/** SolverDisputeInfo as the console keeps it: never the preimage. */
export type ShownDisputeInfo = Omit<SolverDisputeInfo, 'preimage'>;

export type StoredDisputeInfo = { state: 'none' } | { state: 'unreadable'; receivedAt: number } | { state: 'ok'; info: ShownDisputeInfo; solverPubkey: string; receivedAt: number };

const reported = new Set<string>();

/** Decodes the stored JSON text; null when it is not a SolverDisputeInfo (logged once per dispute). */
export function decodeDisputeInfo(disputeId: string, text: string): ShownDisputeInfo | null {
	try {
		const { preimage: _drop, ...shown } = parseSolverDisputeInfo({ ...(JSON.parse(text) as Record<string, unknown>), preimage: null });
		return shown;
	} catch (error) {
		if (!reported.has(disputeId)) {
			reported.add(disputeId);
			log.warn('stored dispute info is unreadable', { disputeId, error: error instanceof Error ? error.message : String(error) });
		}
		return null;
	}
}

export function storedInfoOf(disputeId: string, row: { info: string; solver_pubkey: string; received_at: number } | null | undefined): StoredDisputeInfo {
	if (!row) return { state: 'none' };
	const info = decodeDisputeInfo(disputeId, row.info);
	return info ? { state: 'ok', info, solverPubkey: row.solver_pubkey, receivedAt: row.received_at } : { state: 'unreadable', receivedAt: row.received_at };
}

export async function readDisputeInfo(db: Db | Tx, disputeId: string): Promise<StoredDisputeInfo> {
	const row = await db.selectFrom('dispute_info').select(['info', 'solver_pubkey', 'received_at']).where('dispute_id', '=', disputeId).executeTakeFirst();
	return storedInfoOf(disputeId, row);
}

/** The info when it decodes, else null (none or unreadable). */
export async function readableDisputeInfo(db: Db | Tx, disputeId: string): Promise<ShownDisputeInfo | null> {
	const stored = await readDisputeInfo(db, disputeId);
	return stored.state === 'ok' ? stored.info : null;
}

/** Stores (or replaces) the info of a take; the preimage arrives already sealed. */
export async function storeDisputeInfo(tx: Tx, disputeId: string, values: { info: ShownDisputeInfo; solverPubkey: string; preimageSealed: string | null; receivedAt: number }): Promise<void> {
	const row = { order_id: values.info.id, solver_pubkey: values.solverPubkey, info: JSON.stringify(values.info), preimage_sealed: values.preimageSealed, received_at: values.receivedAt };
	await tx
		.insertInto('dispute_info')
		.values({ dispute_id: disputeId, ...row })
		.onConflict((oc) => oc.column('dispute_id').doUpdateSet(row))
		.execute();
}
