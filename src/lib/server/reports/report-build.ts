// Builds the Reports page's numbers (PRODUCT.md capability 10) from the facts read by
// report-query.ts. How things are counted (also shown on the page):
//   - Period: whole UTC days; a dispute belongs to it by `opened_at`.
//   - Opened: disputes opened in the period. Taken: those with a public `in-progress`
//     revision. Resolved: those whose current status is closed (not initiated/in-progress).
//   - Time to take: first `in-progress` revision − opened_at. Time to resolve: first closed
//     revision − opened_at. Median and p90 by nearest rank.
//   - Outcomes by status: settled = paid buyer, seller-refunded = refunded seller,
//     released / cooperatively-canceled = closed by the parties, anything else = other.
//     A paid-buyer (refunded-seller) outcome is attributed to the console user whose
//     acknowledged or reconciled admin-settle (admin-cancel) is journaled for the dispute;
//     without one it was decided outside this console.
//   - Bond slashes: `slashSeller` / `slashBuyer` in those attributed decisions' journal details
//     (written by the decision flow, actions/decide.ts).
//   - Per mediator: disputes taken (proven admin-take-dispute, or current holder), those
//     still held open, decisions by settle / cancel, median time to resolve of the
//     resolved disputes they took. A decision counts for the holder who proposed it, not
//     for the colleague who approved a four-eyes proposal; approvals are counted apart.
//   - Escrow: among disputes with a known escrow deadline (current, or last seen while the
//     invoice was held), those whose deadline minus the resolution time (or now, while
//     open) fell under 6 hours.
//   - Amounts (case-money.ts, the case page's figures): escrow still held by open disputes, paid
//     to buyers (settled or released: amount − fee) and refunded to sellers (seller-refunded or
//     cooperatively canceled: the whole escrow); disputes whose money is not known yet (no
//     SolverDisputeInfo before a take, or an unreadable one) are counted, not guessed.
// Pure aggregation; the report carries no dispute id, order id or pubkey.
import type { Db } from '../db/index.ts';
import { getReportFacts, OPEN_STATUSES, type DisputeFact, type JournalFact, type ReportFacts } from './report-query.ts';
import { dayOf, listDays, type ReportPeriod } from './report-period.ts';
import { histogram, median, share, summarizeDurations, type DurationSummary, type ResolveBucketKey } from './statistics.ts';

export const ESCROW_WARNING_SECONDS = 6 * 3_600;

export interface DayCounts {
	day: string;
	opened: number;
	taken: number;
	resolved: number;
}

export interface MediatorRow {
	name: string;
	taken: number;
	heldOpen: number;
	settled: number;
	canceled: number;
	/** Colleagues' four-eyes proposals they approved (those decisions count for the proposer). */
	approved: number;
	/** Median seconds to resolve the resolved disputes they took; null when none. */
	resolveMedian: number | null;
}

export interface OutcomeCounts {
	paidBuyerConsole: number;
	paidBuyerOutside: number;
	refundedSellerConsole: number;
	refundedSellerOutside: number;
	closedByParties: number;
	other: number;
}

/** Sats summed over the period's disputes (case-money.ts). */
export interface ReportAmounts {
	heldOpenSats: number;
	paidBuyerSats: number;
	refundedSellerSats: number;
	/** Disputes whose money is not known (no or unreadable SolverDisputeInfo). */
	withoutAmount: number;
}

const PAID_BUYER: readonly string[] = ['settled', 'released'];
const REFUNDED_SELLER: readonly string[] = ['seller-refunded', 'cooperatively-canceled'];

export interface Report {
	period: { from: string; to: string; days: number };
	/** Epoch milliseconds the report was computed at. */
	generatedAt: number;
	totals: { opened: number; taken: number; resolved: number; open: number };
	timeToTake: DurationSummary;
	timeToResolve: DurationSummary;
	outcomes: OutcomeCounts;
	bondSlashes: { seller: number; buyer: number };
	mediators: MediatorRow[];
	escrow: { known: number; underSixHours: number; share: number | null };
	amounts: ReportAmounts;
	daily: DayCounts[];
	resolveHistogram: Array<{ key: ResolveBucketKey; count: number }>;
}

export function isClosedStatus(status: string): boolean {
	return !OPEN_STATUSES.includes(status);
}

/** Epoch ms a resolved dispute closed at: its first closed revision, else its latest revision. */
function resolvedAt(fact: DisputeFact): number | null {
	if (!isClosedStatus(fact.status)) return null;
	return fact.firstClosedAt ?? fact.revisionAt;
}

function parseBondResolution(details: string): { seller: boolean; buyer: boolean } {
	try {
		const parsed: unknown = JSON.parse(details);
		if (!parsed || typeof parsed !== 'object') return { seller: false, buyer: false };
		return { seller: 'slashSeller' in parsed && parsed.slashSeller === true, buyer: 'slashBuyer' in parsed && parsed.slashBuyer === true };
	} catch {
		return { seller: false, buyer: false };
	}
}

/** The journaled console decision behind a settled / seller-refunded status, if any (the latest). */
function decisionFor(fact: DisputeFact, journal: readonly JournalFact[]): JournalFact | null {
	const action = fact.status === 'settled' ? 'admin-settle' : fact.status === 'seller-refunded' ? 'admin-cancel' : null;
	if (!action) return null;
	let found: JournalFact | null = null;
	for (const row of journal) if (row.action === action && (!found || row.createdAt >= found.createdAt)) found = row;
	return found;
}

/** A duration in whole seconds between two epoch-ms instants (never negative). */
function secondsBetween(fromMs: number, toMs: number): number {
	return Math.max(0, Math.round((toMs - fromMs) / 1000));
}

interface MediatorTally {
	taken: number;
	heldOpen: number;
	settled: number;
	canceled: number;
	approved: number;
	resolveTimes: number[];
}

export function buildReportFromFacts(facts: ReportFacts, period: ReportPeriod, nowMs: number): Report {
	const journalByDispute = new Map<string, JournalFact[]>();
	for (const row of facts.journal) journalByDispute.set(row.disputeId, [...(journalByDispute.get(row.disputeId) ?? []), row]);
	const daily = new Map(listDays(period).map((day) => [day, { day, opened: 0, taken: 0, resolved: 0 }]));
	const outcomes: OutcomeCounts = { paidBuyerConsole: 0, paidBuyerOutside: 0, refundedSellerConsole: 0, refundedSellerOutside: 0, closedByParties: 0, other: 0 };
	const bondSlashes = { seller: 0, buyer: 0 };
	const escrow = { known: 0, underSixHours: 0 };
	const amounts: ReportAmounts = { heldOpenSats: 0, paidBuyerSats: 0, refundedSellerSats: 0, withoutAmount: 0 };
	const tallies = new Map<number, MediatorTally>();
	const tally = (userId: number) => {
		let entry = tallies.get(userId);
		if (!entry) tallies.set(userId, (entry = { taken: 0, heldOpen: 0, settled: 0, canceled: 0, approved: 0, resolveTimes: [] }));
		return entry;
	};
	const takeTimes: number[] = [];
	const resolveTimes: number[] = [];
	let taken = 0;
	let resolved = 0;

	for (const fact of facts.disputes) {
		const day = daily.get(dayOf(fact.openedAt / 1000));
		if (day) day.opened += 1;
		const journal = journalByDispute.get(fact.id) ?? [];
		if (fact.firstTakenAt !== null) {
			taken += 1;
			if (day) day.taken += 1;
			takeTimes.push(secondsBetween(fact.openedAt, fact.firstTakenAt));
		}
		const closedAt = resolvedAt(fact);
		const resolveTime = closedAt === null ? null : secondsBetween(fact.openedAt, closedAt);
		if (resolveTime !== null) {
			resolved += 1;
			if (day) day.resolved += 1;
			resolveTimes.push(resolveTime);
			const decision = decisionFor(fact, journal);
			if (fact.status === 'settled') outcomes[decision ? 'paidBuyerConsole' : 'paidBuyerOutside'] += 1;
			else if (fact.status === 'seller-refunded') outcomes[decision ? 'refundedSellerConsole' : 'refundedSellerOutside'] += 1;
			else if (fact.status === 'released' || fact.status === 'cooperatively-canceled') outcomes.closedByParties += 1;
			else outcomes.other += 1;
			if (decision) {
				const bond = parseBondResolution(decision.details);
				if (bond.seller) bondSlashes.seller += 1;
				if (bond.buyer) bondSlashes.buyer += 1;
				if (decision.creditUserId !== null) tally(decision.creditUserId)[decision.action === 'admin-settle' ? 'settled' : 'canceled'] += 1;
				if (decision.approverUserId) tally(decision.approverUserId).approved += 1;
			}
		}
		const takers = new Set<number>();
		for (const row of journal) if (row.action === 'admin-take-dispute' && row.actorUserId !== null) takers.add(row.actorUserId);
		if (fact.holderUserId !== null) takers.add(fact.holderUserId);
		for (const userId of takers) {
			const entry = tally(userId);
			entry.taken += 1;
			if (resolveTime !== null) entry.resolveTimes.push(resolveTime);
		}
		if (fact.holderUserId !== null && !isClosedStatus(fact.status)) tally(fact.holderUserId).heldOpen += 1;
		if (!fact.money) amounts.withoutAmount += 1;
		else if (!isClosedStatus(fact.status)) amounts.heldOpenSats += fact.money.escrowSats;
		else if (PAID_BUYER.includes(fact.status)) amounts.paidBuyerSats += fact.money.buyerPayoutSats;
		else if (REFUNDED_SELLER.includes(fact.status)) amounts.refundedSellerSats += fact.money.sellerRefundSats;
		if (fact.escrowDeadline !== null) {
			escrow.known += 1;
			if (fact.escrowDeadline - (closedAt ?? nowMs) < ESCROW_WARNING_SECONDS * 1000) escrow.underSixHours += 1;
		}
	}

	const mediators: MediatorRow[] = [...tallies].map(([userId, entry]) => ({
		name: facts.userNames.get(userId) ?? `#${userId}`,
		taken: entry.taken,
		heldOpen: entry.heldOpen,
		settled: entry.settled,
		canceled: entry.canceled,
		approved: entry.approved,
		resolveMedian: median(entry.resolveTimes)
	}));
	mediators.sort((a, b) => b.taken - a.taken || a.name.localeCompare(b.name));
	return {
		period: { from: period.from, to: period.to, days: period.days },
		generatedAt: nowMs,
		totals: { opened: facts.disputes.length, taken, resolved, open: facts.disputes.length - resolved },
		timeToTake: summarizeDurations(takeTimes),
		timeToResolve: summarizeDurations(resolveTimes),
		outcomes,
		bondSlashes,
		mediators,
		escrow: { ...escrow, share: share(escrow.underSixHours, escrow.known) },
		amounts,
		daily: [...daily.values()],
		resolveHistogram: histogram(resolveTimes)
	};
}

/** The report for a period, read from the database at `nowMs`. */
export async function getReport(db: Db, period: ReportPeriod, nowMs: number): Promise<Report> {
	return buildReportFromFacts(await getReportFacts(db, period), period, nowMs);
}
