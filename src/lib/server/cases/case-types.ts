// The domain types the case module returns about a dispute's life (disputes, revisions, info,
// linked orders, decisions, escrow checks). camelCase only: snake_case rows never leave
// src/lib/server/cases/. Time unit: every instant the case module returns (`...At`,
// `escrowDeadline`, revision `at`) is epoch MILLISECONDS, including the Nostr event times the
// tables keep in unix seconds (converted here, never by callers). Durations are named by
// unit. SolverDisputeInfo fields keep the node's wire format (unix seconds).
export type EscrowState = 'open' | 'accepted' | 'settled' | 'canceled' | 'missing';

export interface Dispute {
	id: string;
	status: string;
	initiator: string | null;
	legacy: boolean;
	/** Epoch ms (from the Nostr event). */
	openedAt: number;
	/** Epoch ms. */
	firstSeenAt: number;
	/** Epoch ms of the current public revision. */
	revisionAt: number;
	orderId: string | null;
	buyerPubkey: string | null;
	sellerPubkey: string | null;
	holderUserId: number | null;
	amountSats: number | null;
	/** Epoch ms the held escrow's HTLC is estimated to expire; null when not known to be held. */
	escrowDeadline: number | null;
	unreadCount: number;
}

/** Unix seconds as stored (Nostr times) to the module's epoch milliseconds. */
export const msOf = (unixSeconds: number): number => unixSeconds * 1000;
export const msOrNull = (unixSeconds: number | null): number | null => (unixSeconds === null ? null : unixSeconds * 1000);

export interface DisputeRevision {
	eventId: string;
	status: string;
	/** Epoch ms (Nostr event time). */
	at: number;
	kind: number;
	relay: string;
	/** Epoch ms. */
	receivedAt: number;
}

export interface LinkedOrder {
	id: string;
	kind: string | null;
	status: string;
	fiatCode: string | null;
	amountSats: number | null;
	fiatAmount: number[];
	paymentMethods: string[];
	premium: number | null;
}

export interface EscrowCheckRecord {
	paymentHash: string;
	state: EscrowState;
	amountSats: number | null;
	expiryHeight: number | null;
	blockHeight: number;
	/** Epoch ms. */
	checkedAt: number;
}
