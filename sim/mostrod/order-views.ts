// Wire views of an order record: SmallOrder (PROTOCOL.md §3.8, no extra fields) and the
// SolverDisputeInfo a solver receives on take, with the privacy rule for reputations
// (MOSTROD.md §2.4). Pure. Must never put identity (master) keys into either view.
import type { SmallOrder, SolverDisputeInfo, UserInfo } from '../../src/lib/protocol/payload.ts';
import { formatF64 } from '../../src/lib/protocol/canonical.ts';
import { InternalError, versionAtLeast } from './daemon-context.ts';
import type { DisputeRecord, OrderRecord, StateStore } from './state-store.ts';

export function buildSmallOrder(o: OrderRecord, over: Partial<SmallOrder> = {}): SmallOrder {
	const s: SmallOrder = {
		id: o.id,
		kind: o.kind,
		status: o.status,
		amount: o.amount,
		fiat_code: o.fiatCode,
		min_amount: o.minAmount,
		max_amount: o.maxAmount,
		fiat_amount: o.fiatAmount,
		payment_method: o.paymentMethod,
		premium: o.premium,
		created_at: o.createdAt,
		expires_at: o.expiresAt
	};
	if (o.buyerPubkey) s.buyer_trade_pubkey = o.buyerPubkey;
	if (o.sellerPubkey) s.seller_trade_pubkey = o.sellerPubkey;
	return { ...s, ...over };
}

type SideView = { fullPrivacy: boolean; info: UserInfo | null };

/** Identified (master ≠ trade key) → the master key's users row; missing row → internal error. */
/** v0.19.2 adds `since` (the users row's creation, unix seconds) beside `operating_days`. */
function sideView(store: StateStore, trade: string | null, master: string | null, now: number, version: string): SideView {
	if (!master || master === trade) return { fullPrivacy: true, info: null };
	const u = store.users.get(master);
	if (!u) throw new InternalError(`no users row for identified party ${master}`);
	const info: UserInfo = { rating: u.totalRating, reviews: u.totalReviews, operating_days: Math.max(0, Math.floor((now - u.createdAt) / 86400)) };
	if (versionAtLeast(version, [0, 19, 2])) info.since = u.createdAt;
	return { fullPrivacy: false, info };
}

/**
 * The 38383 `rating` tag value for a maker in reputation mode (master ≠ trade key, users row
 * known), in the daemon's form `["rating",{"days":D,"total_rating":X.0,"total_reviews":N}]`;
 * null in full privacy.
 */
export function makerRatingTag(store: StateStore, o: OrderRecord, now: number): string | null {
	const makerIsBuyer = o.creatorPubkey === o.buyerPubkey;
	const master = makerIsBuyer ? o.masterBuyerPubkey : o.masterSellerPubkey;
	if (!master || master === o.creatorPubkey) return null;
	const u = store.users.get(master);
	if (!u) return null;
	const days = Math.max(0, Math.floor((now - u.createdAt) / 86400));
	return `["rating",{"days":${days},"total_rating":${formatF64(u.totalRating)},"total_reviews":${u.totalReviews}}]`;
}

export function buildSolverDisputeInfo(store: StateStore, o: OrderRecord, d: DisputeRecord, initiator: 'buyer' | 'seller', now: number, version = '0.18.5'): SolverDisputeInfo {
	const buyer = sideView(store, o.buyerPubkey, o.masterBuyerPubkey, now, version);
	const seller = sideView(store, o.sellerPubkey, o.masterSellerPubkey, now, version);
	const [ini, counter] = initiator === 'buyer' ? [buyer, seller] : [seller, buyer];
	const initiatorPubkey = initiator === 'buyer' ? o.buyerPubkey : o.sellerPubkey;
	if (!initiatorPubkey) throw new InternalError('initiator has no trade key');
	return {
		id: o.id,
		kind: o.kind,
		status: o.status,
		hash: o.hash,
		preimage: o.preimage,
		order_previous_status: d.orderPreviousStatus,
		initiator_pubkey: initiatorPubkey,
		buyer_pubkey: o.buyerPubkey,
		seller_pubkey: o.sellerPubkey,
		initiator_full_privacy: ini.fullPrivacy,
		counterpart_full_privacy: counter.fullPrivacy,
		initiator_info: ini.info,
		counterpart_info: counter.info,
		premium: o.premium,
		payment_method: o.paymentMethod,
		amount: o.amount,
		fiat_amount: o.fiatAmount,
		fee: o.fee,
		routing_fee: o.routingFee,
		buyer_invoice: o.buyerInvoice,
		invoice_held_at: o.invoiceHeldAt,
		taken_at: o.takenAt,
		created_at: o.createdAt
	};
}
