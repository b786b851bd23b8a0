// Reads what a report needs about the disputes opened in a period (PRODUCT.md capability
// 10): one fact row per dispute (status, holder, first `in-progress` and first closed
// public revision, escrow deadline), the console's acknowledged or reconciled take,
// settle and cancel journal rows for them, and the names of the console users involved.
// Reads only. The ids read here stay on the server: `buildReport` drops them.
import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { ReportPeriod } from './report-period.ts';

/** Statuses of a dispute still being handled; every other status is closed. */
export const OPEN_STATUSES: readonly string[] = ['initiated', 'in-progress'];
/** Journal actions a report reads, and the states that prove the node accepted them. */
export const REPORT_ACTIONS = ['admin-take-dispute', 'admin-settle', 'admin-cancel'] as const;
export const PROVEN_STATES: readonly string[] = ['acknowledged', 'reconciled'];

export interface DisputeFact {
	id: string;
	status: string;
	openedAt: number;
	holderUserId: number | null;
	escrowDeadline: number | null;
	/** Unix seconds of the first public `in-progress` revision, if any. */
	firstTakenAt: number | null;
	/** Unix seconds of the first public closed revision, if any. */
	firstClosedAt: number | null;
	/** Unix seconds of the dispute's latest revision (used when a closed dispute lacks its closing revision row). */
	revisionAt: number;
}

export interface JournalFact {
	disputeId: string;
	action: (typeof REPORT_ACTIONS)[number];
	actorUserId: number | null;
	/** Epoch milliseconds. */
	createdAt: number;
	details: string;
}

export interface ReportFacts {
	disputes: DisputeFact[];
	journal: JournalFact[];
	userNames: Map<number, string>;
}

function isReportAction(action: string): action is JournalFact['action'] {
	return (REPORT_ACTIONS as readonly string[]).includes(action);
}

export async function getReportFacts(db: Db, period: ReportPeriod): Promise<ReportFacts> {
	const inPeriod = db.selectFrom('disputes').select('id').where('opened_at', '>=', period.startSec).where('opened_at', '<', period.endSec);
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
		.select([
			'disputes.id',
			'disputes.status',
			'disputes.opened_at',
			'disputes.holder_user_id',
			'disputes.escrow_deadline',
			'disputes.revision_at',
			'firsts.first_taken_at',
			'firsts.first_closed_at'
		])
		.where('disputes.opened_at', '>=', period.startSec)
		.where('disputes.opened_at', '<', period.endSec)
		.orderBy('disputes.opened_at')
		.execute();
	const journalRows = await db
		.selectFrom('action_journal')
		.select(['dispute_id', 'action', 'actor_user_id', 'created_at', 'details'])
		.where('dispute_id', 'in', inPeriod)
		.where('action', 'in', [...REPORT_ACTIONS])
		.where('state', 'in', [...PROVEN_STATES])
		.orderBy('created_at')
		.execute();
	const journal: JournalFact[] = [];
	for (const row of journalRows) {
		if (row.dispute_id === null || !isReportAction(row.action)) continue;
		journal.push({ disputeId: row.dispute_id, action: row.action, actorUserId: row.actor_user_id, createdAt: row.created_at, details: row.details });
	}
	const userIds = new Set<number>();
	for (const row of rows) if (row.holder_user_id !== null) userIds.add(row.holder_user_id);
	for (const row of journal) if (row.actorUserId !== null) userIds.add(row.actorUserId);
	const users = userIds.size === 0 ? [] : await db.selectFrom('users').select(['id', 'name']).where('id', 'in', [...userIds]).execute();
	return {
		disputes: rows.map((row) => ({
			id: row.id,
			status: row.status,
			openedAt: row.opened_at,
			holderUserId: row.holder_user_id,
			escrowDeadline: row.escrow_deadline,
			firstTakenAt: row.first_taken_at,
			firstClosedAt: row.first_closed_at,
			revisionAt: row.revision_at
		})),
		journal,
		userNames: new Map(users.map((user) => [user.id, user.name]))
	};
}
