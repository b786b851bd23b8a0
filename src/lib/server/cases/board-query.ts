// The dispute board's query (PRODUCT.md capability 1): buckets with counts, search by
// dispute id, order id, pubkey (hex or npub) or the text of a private case note (the notes
// module's sub-query), filters, sort by age or urgency, pages; which disputes a colleague
// handed to the viewer; and the "Needs my review" bucket (review-queue.ts).
// Reads only; every parameter comes from the URL and is parsed here. The escrow column reads
// the same escrow check the case page shows, and amounts come from case-money.ts. Instants
// are epoch ms (case-types.ts).
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db/index.ts';
import type { Database } from '../db/schema.ts';
import { parsePubkey } from '../../protocol/keys.ts';
import { readMakerReputation, type MakerReputation } from '../mostro/maker-reputation.ts';
import { disputeOutcome, type DisputeOutcome } from '../../protocol/events/dispute-event.ts';
import { msOf, msOrNull, type EscrowState } from './case-types.ts';
import { decodeDisputeInfo } from './dispute-info.ts';
import { caseMoney } from './case-money.ts';
import { disputeIdsWithNoteText } from '../case-notes/case-notes.ts';
import { disputeIdsHandedTo } from '../case-notes/handovers.ts';
import { disputeIdsAwaitingReviewBy } from './review-queue.ts';

export const PAGE_SIZE = 50;

export type BoardBucket = 'all' | 'new' | 'in_progress' | 'mine' | 'review' | 'colleagues' | 'outside' | 'closed' | 'settled' | 'seller-refunded' | 'released' | 'cooperatively-canceled' | 'other';
export type BoardSort = 'newest' | 'oldest' | 'urgency';

export interface BoardQuery {
	q: string;
	bucket: BoardBucket;
	initiator: 'any' | 'buyer' | 'seller';
	/** Opened on or after / before, epoch ms (whole UTC days from the URL). */
	from: number | null;
	to: number | null;
	sort: BoardSort;
	page: number;
}

const BUCKETS: readonly BoardBucket[] = ['all', 'new', 'in_progress', 'mine', 'review', 'colleagues', 'outside', 'closed', 'settled', 'seller-refunded', 'released', 'cooperatively-canceled', 'other'];
const CLOSED_KNOWN = ['settled', 'seller-refunded', 'released', 'cooperatively-canceled'];

function parseDay(value: string | null, endOfDay: boolean): number | null {
	if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const ms = Date.parse(`${value}T00:00:00Z`);
	if (Number.isNaN(ms)) return null;
	return ms + (endOfDay ? 86_399_999 : 0);
}

export function parseBoardQuery(params: URLSearchParams): BoardQuery {
	const bucket = params.get('bucket');
	const initiator = params.get('initiator');
	const sort = params.get('sort');
	const page = Number(params.get('page') ?? '1');
	return {
		q: (params.get('q') ?? '').trim().slice(0, 100),
		bucket: BUCKETS.includes(bucket as BoardBucket) ? (bucket as BoardBucket) : 'all',
		initiator: initiator === 'buyer' || initiator === 'seller' ? initiator : 'any',
		from: parseDay(params.get('from'), false),
		to: parseDay(params.get('to'), true),
		sort: sort === 'oldest' || sort === 'urgency' ? sort : 'newest',
		page: Number.isSafeInteger(page) && page >= 1 && page <= 100_000 ? page : 1
	};
}

export interface BoardRow {
	id: string;
	status: string;
	/** Solver decision, closed by the parties, open or other (UPSTREAM-0.19.md §5). */
	outcome: DisputeOutcome;
	initiator: string | null;
	openedAt: number;
	firstSeenAt: number;
	orderId: string | null;
	holderUserId: number | null;
	holderName: string | null;
	unread: number;
	/** The order amount. */
	amountSats: number | null;
	/** Held in the hold invoice (case-money.ts), once the info is known. */
	escrowSats: number | null;
	fiatCode: string | null;
	escrowDeadline: number | null;
	/** The last escrow check's state (what the case page shows), null when never verified. */
	escrowState: EscrowState | null;
	/** A four-eyes proposal waits for review (open disputes only). */
	proposalPending: boolean;
	/** The maker's reputation from the order's current revision, when published. */
	makerReputation: MakerReputation | null;
	/** A colleague handed this dispute to the viewer and it waits for the viewer's take. */
	handedToMe: boolean;
}

export interface BoardCounts {
	new: number;
	mine: number;
	colleagues: number;
	outside: number;
	settled: number;
	sellerRefunded: number;
	released: number;
	cooperativelyCanceled: number;
	other: number;
	/** Waiting for the viewer's review (review-queue.ts); counted apart, absent where not asked for. */
	review?: number;
}

type Where = (eb: ExpressionBuilder<Database, 'disputes'>) => ReturnType<ExpressionBuilder<Database, 'disputes'>['and']>;

/**
 * The disputes a search matches, as one UNION of index lookups (exact id, id prefix, order id,
 * party pubkey, note text). An OR of the same tests with the note sub-query in it cannot use the
 * indexes on PostgreSQL (a sequential scan of every dispute, ~30 ms at 100,000; bench/README.md).
 */
function searchCondition(db: Db, q: string): Where | null {
	if (!q) return null;
	let pubkey: string | null = null;
	if (/^[0-9a-f]{64}$/i.test(q) || q.startsWith('npub1')) {
		try {
			pubkey = parsePubkey(q);
		} catch {
			pubkey = null;
		}
	}
	const lower = q.toLowerCase();
	const ids = () => db.selectFrom('disputes as matched').select('matched.id');
	let matching = ids()
		.where('matched.id', '=', lower)
		.union(ids().where('matched.order_id', '=', lower))
		.union(
			ids()
				.where('matched.id', '>=', lower)
				.where('matched.id', '<', lower + '\uffff')
		)
		.union(db.selectFrom(disputeIdsWithNoteText(db, q).as('noted')).select('noted.dispute_id as id'));
	if (pubkey) matching = matching.union(ids().where('matched.buyer_pubkey', '=', pubkey)).union(ids().where('matched.seller_pubkey', '=', pubkey));
	return (eb) => eb.and([eb('disputes.id', 'in', matching)]);
}

function bucketCondition(db: Db, bucket: BoardBucket, viewerId: number, viewerMayReview: boolean): Where | null {
	switch (bucket) {
		case 'all':
			return null;
		case 'review':
			// A role that may not approve has nothing to review (no dispute has a null id).
			return viewerMayReview ? (eb) => eb.and([eb('disputes.id', 'in', disputeIdsAwaitingReviewBy(db, viewerId))]) : (eb) => eb.and([eb('disputes.id', 'is', null)]);
		case 'new':
			return (eb) => eb.and([eb('disputes.status', '=', 'initiated')]);
		case 'in_progress':
			return (eb) => eb.and([eb('disputes.status', '=', 'in-progress')]);
		case 'mine':
			return (eb) => eb.and([eb('disputes.status', '=', 'in-progress'), eb('disputes.holder_user_id', '=', viewerId)]);
		case 'colleagues':
			return (eb) => eb.and([eb('disputes.status', '=', 'in-progress'), eb('disputes.holder_user_id', 'is not', null), eb('disputes.holder_user_id', '!=', viewerId)]);
		case 'outside':
			return (eb) => eb.and([eb('disputes.status', '=', 'in-progress'), eb('disputes.holder_user_id', 'is', null)]);
		case 'closed':
			return (eb) => eb.and([eb('disputes.status', 'not in', ['initiated', 'in-progress'])]);
		case 'other':
			return (eb) => eb.and([eb('disputes.status', 'not in', ['initiated', 'in-progress', ...CLOSED_KNOWN])]);
		default:
			return (eb) => eb.and([eb('disputes.status', '=', bucket)]);
	}
}

export async function countBuckets(db: Db, viewerId: number): Promise<BoardCounts> {
	// Kept current by triggers (migration 002), so this never scans the disputes.
	const rows = await db.selectFrom('dispute_counts').selectAll().where('n', '>', 0).execute();
	const counts: BoardCounts = { new: 0, mine: 0, colleagues: 0, outside: 0, settled: 0, sellerRefunded: 0, released: 0, cooperativelyCanceled: 0, other: 0 };
	for (const row of rows) {
		const n = Number(row.n);
		if (row.status === 'initiated') counts.new += n;
		else if (row.status === 'in-progress') {
			if (row.holder_user_id === viewerId) counts.mine += n;
			else if (row.holder_user_id !== 0) counts.colleagues += n;
			else counts.outside += n;
		} else if (row.status === 'settled') counts.settled += n;
		else if (row.status === 'seller-refunded') counts.sellerRefunded += n;
		else if (row.status === 'released') counts.released += n;
		else if (row.status === 'cooperatively-canceled') counts.cooperativelyCanceled += n;
		else counts.other += n;
	}
	return counts;
}

function amountsOf(disputeId: string, infoText: string | null, amountSats: number | null): { amountSats: number | null; escrowSats: number | null } {
	const info = infoText === null ? null : decodeDisputeInfo(disputeId, infoText);
	if (!info) return { amountSats, escrowSats: null };
	const money = caseMoney(info);
	return { amountSats: money.amountSats, escrowSats: money.escrowSats };
}

/** How many disputes a bucket holds, from the bucket counts. */
export function bucketTotal(counts: BoardCounts, bucket: BoardBucket): number {
	const inProgress = counts.mine + counts.colleagues + counts.outside;
	const closed = counts.settled + counts.sellerRefunded + counts.released + counts.cooperativelyCanceled + counts.other;
	switch (bucket) {
		case 'all':
			return counts.new + inProgress + closed;
		case 'new':
			return counts.new;
		case 'in_progress':
			return inProgress;
		case 'mine':
		case 'colleagues':
		case 'outside':
		case 'other':
			return counts[bucket];
		case 'review':
			return counts.review ?? 0;
		case 'closed':
			return closed;
		case 'settled':
			return counts.settled;
		case 'seller-refunded':
			return counts.sellerRefunded;
		case 'released':
			return counts.released;
		case 'cooperatively-canceled':
			return counts.cooperativelyCanceled;
	}
}

/** `viewerMayReview`: the viewer's role may approve proposals (the "Needs my review" bucket is empty otherwise). */
export async function listBoard(db: Db, query: BoardQuery, viewerId: number, viewerMayReview = false): Promise<{ rows: BoardRow[]; total: number }> {
	const conditions = [searchCondition(db, query.q), bucketCondition(db, query.bucket, viewerId, viewerMayReview)].filter((c): c is Where => c !== null);
	let base = db.selectFrom('disputes');
	for (const condition of conditions) base = base.where(condition);
	if (query.initiator !== 'any') base = base.where('disputes.initiator', '=', query.initiator);
	if (query.from !== null) base = base.where('disputes.opened_at', '>=', Math.ceil(query.from / 1000));
	if (query.to !== null) base = base.where('disputes.opened_at', '<=', Math.floor(query.to / 1000));
	// A bucket alone is counted by the triggers' table; COUNT(*) would visit every matching row
	// (cheap on SQLite, tens of milliseconds on PostgreSQL at 100,000 disputes).
	const bucketOnly = !query.q && query.initiator === 'any' && query.from === null && query.to === null && query.bucket !== 'review';
	const total = bucketOnly ? bucketTotal(await countBuckets(db, viewerId), query.bucket) : Number((await base.select(sql<number>`COUNT(*)`.as('n')).executeTakeFirstOrThrow()).n);
	let ordered = base
		.leftJoin('users', 'users.id', 'disputes.holder_user_id')
		.leftJoin('orders', 'orders.id', 'disputes.order_id')
		.leftJoin('order_revisions', 'order_revisions.event_id', 'orders.revision_event_id')
		.leftJoin('escrow_checks', 'escrow_checks.dispute_id', 'disputes.id')
		.leftJoin('dispute_info', 'dispute_info.dispute_id', 'disputes.id')
		.select([
			'disputes.id',
			'disputes.status',
			'disputes.initiator',
			'disputes.opened_at',
			'disputes.first_seen_at',
			'disputes.order_id',
			'disputes.holder_user_id',
			'users.name as holder_name',
			'disputes.unread_count',
			'disputes.amount_sats',
			'orders.fiat_code',
			'order_revisions.raw as order_raw',
			'disputes.escrow_deadline',
			'escrow_checks.state as escrow_state',
			'dispute_info.info',
			// Only while the dispute is open: a closed one's proposal can no longer be reviewed.
			sql<number>`disputes.status IN ('initiated', 'in-progress') AND EXISTS (SELECT 1 FROM decisions WHERE decisions.dispute_id = disputes.id AND decisions.state = 'proposed')`.as('proposal_pending'),
			(eb) => eb.case().when('disputes.id', 'in', disputeIdsHandedTo(db, viewerId)).then(1).else(0).end().as('handed_to_me')
		]);
	if (query.sort === 'urgency') {
		// Open disputes before closed ones: New first, then in progress; within each, the nearest
		// escrow deadline, then the oldest. Closed disputes last, most recently opened first.
		ordered = ordered
			.orderBy(sql`CASE disputes.status WHEN 'initiated' THEN 0 WHEN 'in-progress' THEN 1 ELSE 2 END`)
			// An integer in both dialects (PostgreSQL's IS NULL is a boolean, which a CASE cannot mix with 0).
			.orderBy(sql`CASE WHEN disputes.status IN ('initiated', 'in-progress') AND disputes.escrow_deadline IS NULL THEN 1 ELSE 0 END`)
			.orderBy(sql`CASE WHEN disputes.status IN ('initiated', 'in-progress') THEN disputes.escrow_deadline END`)
			.orderBy(sql`CASE WHEN disputes.status IN ('initiated', 'in-progress') THEN disputes.opened_at ELSE -disputes.opened_at END`);
	} else {
		ordered = ordered.orderBy('disputes.opened_at', query.sort === 'oldest' ? 'asc' : 'desc');
	}
	const rows = await ordered
		.orderBy('disputes.id')
		.limit(PAGE_SIZE)
		.offset((query.page - 1) * PAGE_SIZE)
		.execute();
	return {
		total,
		rows: rows.map((row) => ({
			id: row.id,
			status: row.status,
			outcome: disputeOutcome(row.status),
			initiator: row.initiator,
			openedAt: msOf(row.opened_at),
			firstSeenAt: row.first_seen_at,
			orderId: row.order_id,
			holderUserId: row.holder_user_id,
			holderName: row.holder_name,
			unread: row.unread_count,
			...amountsOf(row.id, row.info, row.amount_sats),
			fiatCode: row.fiat_code,
			escrowDeadline: msOrNull(row.escrow_deadline),
			escrowState: row.escrow_state,
			proposalPending: Number(row.proposal_pending) === 1,
			makerReputation: readMakerReputation(row.order_raw),
			handedToMe: Number(row.handed_to_me) === 1
		}))
	};
}
