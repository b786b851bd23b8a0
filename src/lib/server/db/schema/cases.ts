// Kysely table types: a dispute's life, owned by the case module (src/lib/server/cases/) and, for notes and
// hand-overs, the case-notes module: disputes, orders, their revisions and counts, the solver's
// dispute info, decisions, escrow checks, outside holders and the assistant's messages.
// Columns exactly as stored; re-exported by ../schema.ts, which composes the Database type.
import type { Generated } from 'kysely';

export interface DisputesTable {
	id: string;
	status: string;
	initiator: string | null;
	legacy: Generated<number>;
	opened_at: number;
	first_seen_at: number;
	revision_at: number;
	revision_event_id: string;
	order_id: string | null;
	buyer_pubkey: string | null;
	seller_pubkey: string | null;
	holder_user_id: number | null;
	amount_sats: number | null;
	escrow_deadline: number | null;
	unread_count: Generated<number>;
	updated_at: number;
}

export interface DisputeRevisionsTable {
	event_id: string;
	dispute_id: string;
	status: string;
	revision_at: number;
	kind: number;
	raw: string;
	relay: string;
	received_at: number;
}

export interface OrdersTable {
	id: string;
	kind: string | null;
	status: string;
	fiat_code: string | null;
	amount_sats: number | null;
	fiat_amount: string;
	payment_methods: string;
	premium: number | null;
	revision_at: number;
	revision_event_id: string;
	first_seen_at: number;
	updated_at: number;
}

export interface OrderRevisionsTable {
	event_id: string;
	order_id: string;
	status: string;
	revision_at: number;
	raw: string;
	relay: string;
	received_at: number;
}

export interface DisputeCountsTable {
	status: string;
	/** 0 when no console user holds the disputes counted. */
	holder_user_id: number;
	n: number;
}

export interface DisputeInfoTable {
	dispute_id: string;
	order_id: string;
	solver_pubkey: string;
	info: string;
	preimage_sealed: string | null;
	received_at: number;
}

export interface DecisionsTable {
	id: Generated<number>;
	dispute_id: string;
	order_id: string;
	outcome: 'settle' | 'cancel';
	slash_buyer: number;
	slash_seller: number;
	reason_code: string;
	justification: string;
	amount_sats: number;
	state: 'proposed' | 'approved' | 'rejected' | 'withdrawn' | 'executed' | 'failed';
	proposed_by: number;
	proposed_at: number;
	reviewed_by: number | null;
	reviewed_at: number | null;
	review_comment: string | null;
	executed_by_key: string | null;
	request_id: number | null;
	updated_at: number;
}

export interface EscrowChecksTable {
	dispute_id: string;
	payment_hash: string;
	state: 'open' | 'accepted' | 'settled' | 'canceled' | 'missing';
	amount_sats: number | null;
	expiry_height: number | null;
	block_height: number;
	checked_at: number;
}

/** A dispute's holder outside the console (the node's assistant solver), when known (009). */
export interface DisputeOutsideHoldersTable {
	dispute_id: string;
	holder_pubkey: string;
	learned_from: 'assistant_message';
	learned_at: number;
}

/** The assistant solver's `send-dm` texts, filed by dispute (009). */
export interface AssistantMessagesTable {
	id: Generated<number>;
	dispute_id: string;
	event_id: string;
	sender_pubkey: string;
	recipient_pubkey: string;
	subject: string;
	body: string;
	content_hash: string;
	sent_at: number;
	received_at: number;
}

/** Private case notes (018), owned by the case-notes module: never sent to the parties. */
export interface CaseNotesTable {
	id: Generated<number>;
	dispute_id: string;
	author_user_id: number;
	body: string;
	created_at: number;
}

/** Hand-overs of a case from its holder to a colleague (018), owned by the case-notes module. */
export interface CaseHandoversTable {
	id: Generated<number>;
	dispute_id: string;
	from_user_id: number;
	to_user_id: number;
	note: string;
	route: string;
	refusal: string | null;
	state: string;
	created_at: number;
	resolved_at: number | null;
}
