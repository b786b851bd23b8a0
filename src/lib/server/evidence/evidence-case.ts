// The dispute an evidence operation is about: it must be taken (SolverDisputeInfo stored, so the
// buyer's and seller's trade keys are known), and only its holder may import or refresh keys.
// Also where the relay look-back starts: the order's creation, minus an hour of clock slack.
// The info comes decoded from the case module; an unreadable row refuses (`case.info_unreadable`).
import type { Db } from '../db/index.ts';
import { Refusal } from '../errors.ts';
import type { TradeParties } from './transcript-validate.ts';
import { readCaseRecord } from '../cases/case-query.ts';

export interface EvidenceCase {
	disputeId: string;
	status: string;
	orderId: string | null;
	/** Unix seconds (the evidence bundle keeps the Nostr wire unit). */
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
	const record = await readCaseRecord(db, disputeId);
	if (!record) throw new Refusal('not_found', 'case.not_found');
	const { dispute } = record;
	if (record.info.state === 'unreadable') throw new Refusal('conflict', 'case.info_unreadable');
	const stored = record.info.state === 'ok' ? record.info.info : null;
	const info: Record<string, unknown> = stored ? { ...stored } : {};
	const buyer = stored?.buyer_pubkey ?? dispute.buyerPubkey;
	const seller = stored?.seller_pubkey ?? dispute.sellerPubkey;
	if (!stored || !buyer || !seller || !HEX64.test(buyer) || !HEX64.test(seller)) throw new Refusal('conflict', 'evidence.error.not_taken');
	const created = stored.created_at > 0 ? stored.created_at : null;
	return {
		disputeId: dispute.id,
		status: dispute.status,
		orderId: dispute.orderId,
		openedAt: Math.floor(dispute.openedAt / 1000),
		initiator: dispute.initiator,
		holderUserId: dispute.holderUserId,
		parties: { buyer, seller },
		info,
		since: created === null ? null : Math.max(0, created - SINCE_SLACK_SECS)
	};
}

export function assertHolder(c: EvidenceCase, userId: number): void {
	if (c.holderUserId !== userId) throw new Refusal('not_authorized', 'evidence.error.not_holder');
}
