// The dispute an evidence operation is about: it must be taken (SolverDisputeInfo stored, so the
// buyer's and seller's trade keys are known), and only its holder may import or refresh keys.
// Also where the relay look-back starts: the order's creation, minus an hour of clock slack.
import type { Db } from '../db/index.ts';
import { Refusal } from '../errors.ts';
import type { TradeParties } from './transcript-validate.ts';

export interface EvidenceCase {
	disputeId: string;
	status: string;
	orderId: string | null;
	openedAt: number;
	initiator: string | null;
	holderUserId: number | null;
	parties: TradeParties;
	/** SolverDisputeInfo as stored (the preimage is never stored in it). */
	info: Record<string, unknown>;
	/** Unix seconds the queries start from; null = no lower bound. */
	since: number | null;
}

const HEX64 = /^[0-9a-f]{64}$/;
export const SINCE_SLACK_SECS = 3600;

export async function loadEvidenceCase(db: Db, disputeId: string): Promise<EvidenceCase> {
	const row = await db
		.selectFrom('disputes')
		.leftJoin('dispute_info', 'dispute_info.dispute_id', 'disputes.id')
		.select(['disputes.id', 'disputes.status', 'disputes.order_id', 'disputes.opened_at', 'disputes.initiator', 'disputes.holder_user_id', 'disputes.buyer_pubkey', 'disputes.seller_pubkey', 'dispute_info.info'])
		.where('disputes.id', '=', disputeId)
		.executeTakeFirst();
	if (!row) throw new Refusal('not_found', 'case.not_found');
	let info: Record<string, unknown> = {};
	try {
		const parsed: unknown = row.info ? JSON.parse(row.info) : null;
		if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) info = parsed as Record<string, unknown>;
	} catch {
		info = {};
	}
	const buyer = typeof info.buyer_pubkey === 'string' ? info.buyer_pubkey : row.buyer_pubkey;
	const seller = typeof info.seller_pubkey === 'string' ? info.seller_pubkey : row.seller_pubkey;
	if (!row.info || !buyer || !seller || !HEX64.test(buyer) || !HEX64.test(seller)) throw new Refusal('conflict', 'evidence.error.not_taken');
	const created = typeof info.created_at === 'number' && info.created_at > 0 ? info.created_at : null;
	delete info.preimage;
	return {
		disputeId: row.id,
		status: row.status,
		orderId: row.order_id,
		openedAt: row.opened_at,
		initiator: row.initiator,
		holderUserId: row.holder_user_id,
		parties: { buyer, seller },
		info,
		since: created === null ? null : Math.max(0, created - SINCE_SLACK_SECS)
	};
}

export function assertHolder(c: EvidenceCase, userId: number): void {
	if (c.holderUserId !== userId) throw new Refusal('not_authorized', 'evidence.error.not_holder');
}
