// What Reports (PRODUCT.md capability 10) reads about the disputes opened in a period: one
// row per dispute (status, holder, first `in-progress` and first closed public revision, the
// held escrow's deadline, the case's money from case-money.ts once its info is known) and who
// proposed each executed decision (the holder it is credited to, not the reviewer who approved
// it). Reads only; ids stay on the server.
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import { escrowDeadline } from '../lightning/escrow-deadline.ts';
import { msOf, msOrNull } from './case-types.ts';
import { decodeDisputeInfo } from './dispute-info.ts';
import { caseMoney, type CaseMoney } from './case-money.ts';

export interface ReportDisputeRow {
	id: string;
	status: string;
	/** Epoch ms. */
	openedAt: number;
	holderUserId: number | null;
	/**
	 * Epoch ms the escrow expires (or expired) while held: the board's current deadline, else
	 * the one the last check saw while the invoice was held (kept after a settle or cancel).
	 */
	escrowDeadline: number | null;
	/** Epoch ms of the first public `in-progress` revision, if any. */
	firstTakenAt: number | null;
	/** Epoch ms of the first public closed revision, if any. */
	firstClosedAt: number | null;
	/** Epoch ms of the dispute's latest revision. */
	revisionAt: number;
	/** Escrow, payout and refund (case-money.ts, as the case page shows them); null before the info is known or when unreadable. */
	money: CaseMoney | null;
}

function moneyOf(disputeId: string, infoText: string | null): CaseMoney | null {
	const info = infoText === null ? null : decodeDisputeInfo(disputeId, infoText);
	return info ? caseMoney(info) : null;
}

/** Disputes opened in [startSec, endSec) (unix seconds, the period's bounds), oldest first. */
export async function listReportDisputes(db: Db, startSec: number, endSec: number): Promise<ReportDisputeRow[]> {
	const inPeriod = db.selectFrom('disputes').select('id').where('opened_at', '>=', startSec).where('opened_at', '<', endSec);
	const firsts = db
		.selectFrom('dispute_revisions')
		.select([
			'dispute_id',
			sql<number | null>`min(case when status = 'in-progress' then revision_at end)`.as('first_taken_at'),
			sql<number | null>`min(case when status not in ('initiated', 'in-progress') then revision_at end)`.as('first_closed_at')
		])
		.where('dispute_id', 'in', inPeriod)
		.groupBy('dispute_id')
		.as('firsts');
	const rows = await db
		.selectFrom('disputes')
		.leftJoin(firsts, 'firsts.dispute_id', 'disputes.id')
		.leftJoin('escrow_checks', 'escrow_checks.dispute_id', 'disputes.id')
		.leftJoin('dispute_info', 'dispute_info.dispute_id', 'disputes.id')
		.select([
			'disputes.id',
			'disputes.status',
			'disputes.opened_at',
			'disputes.holder_user_id',
			'disputes.escrow_deadline',
			'disputes.revision_at',
			'firsts.first_taken_at',
			'firsts.first_closed_at',
			'escrow_checks.expiry_height',
			'escrow_checks.block_height',
			'escrow_checks.checked_at',
			'dispute_info.info'
		])
		.where('disputes.opened_at', '>=', startSec)
		.where('disputes.opened_at', '<', endSec)
		.orderBy('disputes.opened_at')
		.execute();
	return rows.map((row) => ({
		id: row.id,
		status: row.status,
		openedAt: msOf(row.opened_at),
		holderUserId: row.holder_user_id,
		escrowDeadline: msOrNull(row.escrow_deadline ?? (row.expiry_height !== null && row.block_height !== null && row.checked_at !== null ? escrowDeadline(row.expiry_height, row.block_height, row.checked_at).expiresAt : null)),
		firstTakenAt: msOrNull(row.first_taken_at),
		firstClosedAt: msOrNull(row.first_closed_at),
		revisionAt: msOf(row.revision_at),
		money: moneyOf(row.id, row.info)
	}));
}

/** Ids of the disputes opened in the period, as a subquery for other tables' reads. */
export function disputesOpenedIn(db: Db, startSec: number, endSec: number) {
	return db.selectFrom('disputes').select('id').where('opened_at', '>=', startSec).where('opened_at', '<', endSec);
}
