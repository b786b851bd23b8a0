// The domain types the case module returns about a dispute's life (disputes, revisions, info,
// linked orders, decisions, escrow checks). camelCase only: snake_case rows never leave
// src/lib/server/cases/. Time unit: every `...At` field the case module adds is epoch
// MILLISECONDS; the Nostr event times it carries over (`openedAt`, revision `at`) keep the
// event's unix seconds and say so in their doc comment until the readers move to ms.
export type EscrowState = 'open' | 'accepted' | 'settled' | 'canceled' | 'missing';

export interface Dispute {
	id: string;
	status: string;
	initiator: string | null;
	legacy: boolean;
	/** Unix seconds (Nostr event time). */
	openedAt: number;
	/** Epoch ms. */
	firstSeenAt: number;
	/** Unix seconds of the current public revision. */
	revisionAt: number;
	orderId: string | null;
	buyerPubkey: string | null;
	sellerPubkey: string | null;
	holderUserId: number | null;
	amountSats: number | null;
	/** Unix seconds the held escrow expires (minus nothing); null when not known to be held. */
	escrowDeadline: number | null;
	unreadCount: number;
}

export interface DisputeRevision {
	eventId: string;
	status: string;
	/** Unix seconds (Nostr event time). */
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
