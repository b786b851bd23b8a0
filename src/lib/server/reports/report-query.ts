// Reads what a report needs about the disputes opened in a period (PRODUCT.md capability
// 10): one fact row per dispute from the case module (status, holder, first `in-progress`
// and first closed public revision, escrow deadline), the console's acknowledged or
// reconciled take, settle and cancel journal rows for them (a decision credited to the
// holder who proposed it), and the names of the console users involved.
// Reads only. The ids read here stay on the server: `buildReport` drops them.
import type { Db } from '../db/index.ts';
import { disputesOpenedIn, listReportDisputes, type ReportDisputeRow } from '../cases/report-rows.ts';
import { listExecutedByRequest } from '../cases/decision-store.ts';
import type { ReportPeriod } from './report-period.ts';

/** Statuses of a dispute still being handled; every other status is closed. */
export const OPEN_STATUSES: readonly string[] = ['initiated', 'in-progress'];
/** Journal actions a report reads, and the states that prove the node accepted them. */
export const REPORT_ACTIONS = ['admin-take-dispute', 'admin-settle', 'admin-cancel'] as const;
export const PROVEN_STATES: readonly string[] = ['acknowledged', 'reconciled'];

export type DisputeFact = ReportDisputeRow;

export interface JournalFact {
	disputeId: string;
	action: (typeof REPORT_ACTIONS)[number];
	actorUserId: number | null;
	/** Who the row counts for: the actor of a take; the proposer (the holder) of a decision. */
	creditUserId: number | null;
	/** The colleague who approved a four-eyes proposal (shown apart, never credited with the decision). */
	approverUserId?: number | null;
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
	const inPeriod = disputesOpenedIn(db, period.startSec, period.endSec);
	const rows = await listReportDisputes(db, period.startSec, period.endSec);
	const journalRows = await db
		.selectFrom('action_journal')
		.select(['request_id', 'dispute_id', 'action', 'actor_user_id', 'created_at', 'details'])
		.where('dispute_id', 'in', inPeriod)
		.where('action', 'in', [...REPORT_ACTIONS])
		.where('state', 'in', [...PROVEN_STATES])
		.orderBy('created_at')
		.execute();
	const decisions = await listExecutedByRequest(
		db,
		journalRows.filter((row) => row.action !== 'admin-take-dispute').map((row) => row.request_id)
	);
	const journal: JournalFact[] = [];
	for (const row of journalRows) {
		if (row.dispute_id === null || !isReportAction(row.action)) continue;
		// A decision counts for the holder who proposed it, not for the colleague who approved it.
		const decision = row.action === 'admin-take-dispute' ? undefined : decisions.get(row.request_id);
		const creditUserId = row.action === 'admin-take-dispute' ? row.actor_user_id : (decision?.proposedBy ?? row.actor_user_id);
		const approverUserId = decision && decision.reviewedBy !== null && decision.reviewedBy !== decision.proposedBy ? decision.reviewedBy : null;
		journal.push({ disputeId: row.dispute_id, action: row.action, actorUserId: row.actor_user_id, creditUserId, approverUserId, createdAt: row.created_at, details: row.details });
	}
	const userIds = new Set<number>();
	for (const row of rows) if (row.holderUserId !== null) userIds.add(row.holderUserId);
	for (const row of journal) {
		if (row.actorUserId !== null) userIds.add(row.actorUserId);
		if (row.creditUserId !== null) userIds.add(row.creditUserId);
		if (row.approverUserId) userIds.add(row.approverUserId);
	}
	const users =
		userIds.size === 0
			? []
			: await db
					.selectFrom('users')
					.select(['id', 'name'])
					.where('id', 'in', [...userIds])
					.execute();
	return {
		disputes: rows,
		journal,
		userNames: new Map(users.map((user) => [user.id, user.name]))
	};
}
