// Payload variants and the structs they carry (PROTOCOL.md §3.4, §3.8, §3.9).
// Types mirror the wire JSON (snake_case keys, tuples as arrays) so that a parsed message
// re-serializes to the daemon's bytes. Must never hold non-wire fields.
import type { CantDoReason } from './cant-do.ts';

export type OrderKind = 'buy' | 'sell';

export const ORDER_STATUSES = [
	'active',
	'canceled',
	'canceled-by-admin',
	'settled-by-admin',
	'completed-by-admin',
	'dispute',
	'expired',
	'fiat-sent',
	'settled-hold-invoice',
	'pending',
	'success',
	'waiting-buyer-invoice',
	'waiting-payment',
	'waiting-taker-bond',
	'cooperatively-canceled',
	'in-progress',
	'waiting-maker-bond'
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** SmallOrder: fields in serialization order; `?` = omitted when absent, `| null` = written as null. */
export interface SmallOrder {
	id?: string;
	kind: OrderKind | null;
	status: OrderStatus | null;
	amount: number;
	fiat_code: string;
	min_amount: number | null;
	max_amount: number | null;
	fiat_amount: number;
	payment_method: string;
	premium: number;
	buyer_trade_pubkey?: string;
	seller_trade_pubkey?: string;
	buyer_invoice?: string;
	created_at: number | null;
	expires_at: number | null;
}

export interface UserInfo {
	rating: number;
	reviews: number;
	operating_days: number;
	/** v0.19.2+: when the user first appeared on the node, unix seconds. Absent on older nodes. */
	since?: number;
}

export interface Peer {
	pubkey: string;
	reputation: UserInfo | null;
}

export interface SolverDisputeInfo {
	id: string;
	kind: string;
	status: string;
	hash: string | null;
	preimage: string | null;
	order_previous_status: string;
	initiator_pubkey: string;
	buyer_pubkey: string | null;
	seller_pubkey: string | null;
	initiator_full_privacy: boolean;
	counterpart_full_privacy: boolean;
	initiator_info: UserInfo | null;
	counterpart_info: UserInfo | null;
	premium: number;
	payment_method: string;
	amount: number;
	fiat_amount: number;
	fee: number;
	routing_fee: number;
	buyer_invoice: string | null;
	invoice_held_at: number;
	taken_at: number;
	created_at: number;
}

export interface BondResolution {
	slash_seller: boolean;
	slash_buyer: boolean;
}

export interface PaymentFailedInfo {
	payment_attempts: number;
	payment_retries_interval: number;
}

export interface RestoredOrder {
	order_id: string;
	trade_index: number;
	status: string;
}

export interface RestoredDispute {
	dispute_id: string;
	order_id: string;
	trade_index: number;
	status: string;
	initiator: 'buyer' | 'seller' | null;
	solver_pubkey: string | null;
}

export interface RestoreSessionInfo {
	orders: RestoredOrder[];
	disputes: RestoredDispute[];
}

export interface BondPayoutRequest {
	order: SmallOrder;
	slashed_at: number;
}

export interface CashuLockProof {
	token: string;
	mint_url: string;
	buyer_pubkey: string;
	seller_pubkey: string;
	mostro_pubkey: string;
	fee_token?: string;
}

export interface CashuSignature {
	secret: string;
	signature: string;
}

/** `[dispute id, SolverDisputeInfo | null]` (3-element legacy form is normalized on parse). */
export type DisputeTuple = [string, SolverDisputeInfo | null];

export type Payload =
	| { order: SmallOrder }
	| { payment_request: [SmallOrder | null, string, number | null] }
	| { text_message: string }
	| { peer: Peer }
	| { rating_user: number }
	| { amount: number }
	| { dispute: DisputeTuple }
	| { cant_do: CantDoReason | (string & {}) | null }
	| { next_trade: [string, number] }
	| { payment_failed: PaymentFailedInfo }
	| { restore_data: RestoreSessionInfo }
	| { ids: string[] }
	| { orders: SmallOrder[] }
	| { bond_resolution: BondResolution }
	| { bond_payout_request: BondPayoutRequest }
	| { cashu_lock_proof: CashuLockProof }
	| { cashu_signatures: CashuSignature[] }
	| UnknownPayload;

/** A payload whose variant key this library does not know; kept verbatim. */
export interface UnknownPayload {
	unknown: { key: string; value: unknown };
}

export const PAYLOAD_KEYS = [
	'order',
	'payment_request',
	'text_message',
	'peer',
	'rating_user',
	'amount',
	'dispute',
	'cant_do',
	'next_trade',
	'payment_failed',
	'restore_data',
	'ids',
	'orders',
	'bond_resolution',
	'bond_payout_request',
	'cashu_lock_proof',
	'cashu_signatures'
] as const;
export type PayloadKey = (typeof PAYLOAD_KEYS)[number];

const PAYLOAD_KEY_SET: ReadonlySet<string> = new Set(PAYLOAD_KEYS);

export function isPayloadKey(value: unknown): value is PayloadKey {
	return typeof value === 'string' && PAYLOAD_KEY_SET.has(value);
}

export function isUnknownPayload(p: Payload): p is UnknownPayload {
	return 'unknown' in p;
}

/** The payload's wire key (`'unknown'` payloads report their raw key). */
export function payloadKeyOf(p: Payload): string {
	if (isUnknownPayload(p)) return p.unknown.key;
	return Object.keys(p)[0] ?? '';
}
