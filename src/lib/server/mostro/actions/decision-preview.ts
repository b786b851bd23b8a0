// The outcome preview shown before a settle or cancel is confirmed (PRODUCT.md capability 6;
// MOSTROD.md §3.3–§3.5, §8.1): who receives how many sats, the Mostro fee, the buyer payout's
// routing-fee cap, which hold invoice is settled or canceled, and which bonds are slashed
// (bond sizes estimated from the node's published bond policy). Pure arithmetic; it must never
// claim more precision than SolverDisputeInfo and the instance info give.
import type { DecisionOutcome } from './decision-rules.ts';

export interface PreviewFacts {
	amount: number;
	/** Per-side Mostro fee in sats (SolverDisputeInfo.fee). */
	fee: number;
	hash: string | null;
	bondEnabled: boolean;
	bondAmountPct: number | null;
	bondBaseAmountSats: number | null;
	/** The node's max_routing_fee fraction (default 0.002). */
	maxRoutingFee?: number;
}

export interface DecisionPreview {
	outcome: DecisionOutcome;
	/** The seller's hold invoice: amount + fee sats held in escrow. */
	escrowSats: number;
	holdInvoice: { hash: string | null; action: 'settle' | 'cancel' };
	buyerReceives: number;
	sellerRefunded: number;
	/** Mostro fee kept by the node (both halves) on a settle, 0 on a cancel. */
	nodeFee: number;
	/** Most the node may spend routing the buyer's payout (paid by the node, not the buyer). */
	routingFeeCap: number;
	bonds: { slashBuyer: boolean; slashSeller: boolean; estimatedBondSats: number | null };
}

/** mostrod's fee_limit for a payout (MOSTROD.md §8.1). */
export function routingFeeCap(payout: number, maxRoutingFee = 0.002): number {
	if (payout <= 1000) return Math.max(Math.ceil(payout * 0.01), 10);
	return Math.ceil(payout * maxRoutingFee);
}

export function previewDecision(f: PreviewFacts, outcome: DecisionOutcome, slash: { slashBuyer: boolean; slashSeller: boolean }): DecisionPreview {
	const escrowSats = f.amount + f.fee;
	const payout = Math.max(0, f.amount - f.fee);
	const estimatedBondSats = f.bondEnabled && (f.bondAmountPct !== null || f.bondBaseAmountSats !== null)
		? Math.max(Math.round(f.amount * (f.bondAmountPct ?? 0)), f.bondBaseAmountSats ?? 0)
		: null;
	return {
		outcome,
		escrowSats,
		holdInvoice: { hash: f.hash, action: outcome === 'settle' ? 'settle' : 'cancel' },
		buyerReceives: outcome === 'settle' ? payout : 0,
		sellerRefunded: outcome === 'cancel' ? escrowSats : 0,
		nodeFee: outcome === 'settle' ? escrowSats - payout : 0,
		routingFeeCap: outcome === 'settle' ? routingFeeCap(payout, f.maxRoutingFee) : 0,
		bonds: { slashBuyer: f.bondEnabled && slash.slashBuyer, slashSeller: f.bondEnabled && slash.slashSeller, estimatedBondSats }
	};
}
