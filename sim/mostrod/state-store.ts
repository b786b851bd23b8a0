// In-memory state of the node double: orders, disputes, users (solvers and reputation rows) and
// anti-abuse bonds, shaped like mostrod's SQLite tables (MOSTROD.md §1.2, §2.2, §3.5, §8.2).
// Plain data only: no I/O, no timers. Must never hand out its live records to outside callers
// (the control API copies them with `structuredClone`).
import type { OrderKind, OrderStatus } from '../../src/lib/protocol/payload.ts';

export type DisputeRowStatus = 'initiated' | 'in-progress' | 'seller-refunded' | 'settled' | 'released' | 'cooperatively-canceled';

export type OrderRecord = {
	id: string;
	kind: OrderKind;
	status: OrderStatus;
	/** Sats (the order amount, without fee). */
	amount: number;
	/** Per-side Mostro fee in sats (half of the total fee). */
	fee: number;
	routingFee: number;
	fiatCode: string;
	fiatAmount: number;
	minAmount: number | null;
	maxAmount: number | null;
	paymentMethod: string;
	premium: number;
	/** Maker's trade key. */
	creatorPubkey: string;
	buyerPubkey: string | null;
	sellerPubkey: string | null;
	/** Identity (master) keys; null or equal to the trade key = full privacy. */
	masterBuyerPubkey: string | null;
	masterSellerPubkey: string | null;
	buyerInvoice: string | null;
	hash: string | null;
	preimage: string | null;
	/** BOLT-11 of the trade hold invoice shown to the seller. */
	holdInvoice: string | null;
	invoiceHeldAt: number;
	takenAt: number;
	createdAt: number;
	expiresAt: number;
	buyerDispute: boolean;
	sellerDispute: boolean;
	cancelInitiatorPubkey: string | null;
	buyerCooperativeCancel: boolean;
	sellerCooperativeCancel: boolean;
	failedPayment: boolean;
	paymentAttempts: number;
	/** Set while a buyer payout runs (marker against double payment). */
	payoutInFlight: boolean;
	/** request_id of the maker's new-order / the taker's take, echoed on later notices. */
	makerRequestId: number | null;
	takerRequestId: number | null;
	makerTradeIndex: number | null;
	takerTradeIndex: number | null;
};

export type DisputeRecord = {
	id: string;
	orderId: string;
	status: DisputeRowStatus;
	orderPreviousStatus: OrderStatus;
	solverPubkey: string | null;
	createdAt: number;
	takenAt: number;
};

export type UserRecord = {
	pubkey: string;
	isAdmin: boolean;
	isSolver: boolean;
	isBanned: boolean;
	/** 0 none/legacy, 1 read, 2 read-write. */
	category: 0 | 1 | 2;
	lastTradeIndex: number;
	totalRating: number;
	totalReviews: number;
	createdAt: number;
};

export type BondState = 'requested' | 'locked' | 'released' | 'pending-payout' | 'slashed' | 'forfeited' | 'failed';

export type BondRecord = {
	id: string;
	orderId: string;
	/** Trade pubkey of the bonded party. */
	pubkey: string;
	side: 'buyer' | 'seller';
	amount: number;
	hash: string;
	preimage: string;
	state: BondState;
	slashedReason: string | null;
	slashedAt: number;
};

export class StateStore {
	readonly orders = new Map<string, OrderRecord>();
	readonly disputes = new Map<string, DisputeRecord>();
	readonly users = new Map<string, UserRecord>();
	readonly bonds = new Map<string, BondRecord>();

	disputeOfOrder(orderId: string): DisputeRecord | undefined {
		for (const d of this.disputes.values()) if (d.orderId === orderId) return d;
		return undefined;
	}

	bondsOfOrder(orderId: string): BondRecord[] {
		return [...this.bonds.values()].filter((b) => b.orderId === orderId);
	}

	/** `users` row of a registered solver, or undefined. */
	solver(pubkey: string): UserRecord | undefined {
		const u = this.users.get(pubkey);
		return u && u.isSolver ? u : undefined;
	}

	/** Plain INSERT semantics: false when the primary key already exists (MOSTROD.md §4.1 step 5). */
	insertUser(row: UserRecord): boolean {
		if (this.users.has(row.pubkey)) return false;
		this.users.set(row.pubkey, row);
		return true;
	}

	/** Keys the v2 spam gate treats as known (MOSTROD.md §7.1 step 4). */
	activeKeys(): Set<string> {
		const keys = new Set<string>();
		const terminal: ReadonlySet<string> = new Set(['success', 'canceled', 'canceled-by-admin', 'cooperatively-canceled', 'expired', 'completed-by-admin', 'settled-by-admin']);
		for (const o of this.orders.values()) {
			if (terminal.has(o.status)) continue;
			for (const k of [o.buyerPubkey, o.sellerPubkey, o.creatorPubkey]) if (k) keys.add(k);
		}
		for (const d of this.disputes.values()) {
			if ((d.status === 'initiated' || d.status === 'in-progress') && d.solverPubkey) keys.add(d.solverPubkey);
		}
		return keys;
	}

	snapshot(): { orders: OrderRecord[]; disputes: DisputeRecord[]; users: UserRecord[]; bonds: BondRecord[] } {
		return structuredClone({
			orders: [...this.orders.values()],
			disputes: [...this.disputes.values()],
			users: [...this.users.values()],
			bonds: [...this.bonds.values()]
		});
	}
}
