// The one place a case's money is computed (MOSTROD.md §8.1, §3.3–§3.5): the seller's hold
// invoice holds `amount + fee` (the order amount plus the seller's half of the Mostro fee),
// a settle pays the buyer `amount − fee` and the node keeps both halves of the fee, a cancel
// returns the whole escrow to the seller; bond sizes are estimated from the node's published
// bond policy. Every view (decision preview, confirmation, case page, board, API) reads its
// amounts from here. Pure arithmetic: never claims more precision than its facts give.

export interface MoneyFacts {
	/** Order amount in sats (SolverDisputeInfo.amount). */
	amount: number;
	/** Per-side Mostro fee in sats (SolverDisputeInfo.fee). */
	fee: number;
}

export interface BondPolicy {
	bondEnabled: boolean;
	bondAmountPct: number | null;
	bondBaseAmountSats: number | null;
}

export interface CaseMoney {
	/** The order amount. */
	amountSats: number;
	/** Held in the seller's hold invoice: amount + fee. */
	escrowSats: number;
	/** What a settle pays the buyer: amount − fee. */
	buyerPayoutSats: number;
	/** What the node keeps on a settle (both fee halves). */
	nodeFeeSats: number;
	/** What a cancel returns to the seller: the whole escrow. */
	sellerRefundSats: number;
	/** One bond's estimated size, or null when bonds are off or their policy unknown. */
	estimatedBondSats: number | null;
}

const NO_BONDS: BondPolicy = { bondEnabled: false, bondAmountPct: null, bondBaseAmountSats: null };

export function caseMoney(facts: MoneyFacts, bonds: BondPolicy = NO_BONDS): CaseMoney {
	const escrowSats = facts.amount + facts.fee;
	const buyerPayoutSats = Math.max(0, facts.amount - facts.fee);
	const estimatedBondSats = bonds.bondEnabled && (bonds.bondAmountPct !== null || bonds.bondBaseAmountSats !== null) ? Math.max(Math.round(facts.amount * (bonds.bondAmountPct ?? 0)), bonds.bondBaseAmountSats ?? 0) : null;
	return { amountSats: facts.amount, escrowSats, buyerPayoutSats, nodeFeeSats: escrowSats - buyerPayoutSats, sellerRefundSats: escrowSats, estimatedBondSats };
}

/** mostrod's fee_limit for a payout (MOSTROD.md §8.1). */
export function routingFeeCap(payout: number, maxRoutingFee = 0.002): number {
	if (payout <= 1000) return Math.max(Math.ceil(payout * 0.01), 10);
	return Math.ceil(payout * maxRoutingFee);
}
