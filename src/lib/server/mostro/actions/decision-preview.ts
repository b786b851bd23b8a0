// The outcome preview shown before a settle or cancel is confirmed (PRODUCT.md capability 6;
// MOSTROD.md §3.3–§3.5, §8.1): who receives how many sats, the Mostro fee, the buyer payout's
// routing-fee cap, which hold invoice is settled or canceled, and which bonds are slashed
// (bond sizes estimated from the node's published bond policy). Pure arithmetic; it must never
// claim more precision than SolverDisputeInfo and the instance info give. The amounts come
// from cases/case-money.ts, like every other view's.
import type { DecisionOutcome } from './decision-rules.ts';
import { caseMoney, routingFeeCap } from '../../cases/case-money.ts';

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

export { routingFeeCap };

export function previewDecision(f: PreviewFacts, outcome: DecisionOutcome, slash: { slashBuyer: boolean; slashSeller: boolean }): DecisionPreview {
	const money = caseMoney(f, f);
	return {
		outcome,
		escrowSats: money.escrowSats,
		holdInvoice: { hash: f.hash, action: outcome === 'settle' ? 'settle' : 'cancel' },
		buyerReceives: outcome === 'settle' ? money.buyerPayoutSats : 0,
		sellerRefunded: outcome === 'cancel' ? money.sellerRefundSats : 0,
		nodeFee: outcome === 'settle' ? money.nodeFeeSats : 0,
		routingFeeCap: outcome === 'settle' ? routingFeeCap(money.buyerPayoutSats, f.maxRoutingFee) : 0,
		bonds: { slashBuyer: f.bondEnabled && slash.slashBuyer, slashSeller: f.bondEnabled && slash.slashSeller, estimatedBondSats: money.estimatedBondSats }
	};
}
