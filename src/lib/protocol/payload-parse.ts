// Tolerant parsing of Payload variants and their structs (PROTOCOL.md §3.4, §3.8, §3.9, §8 #10).
// Known variants are checked field by field; unknown variant keys are kept raw; the dispute
// tuple accepts 2 elements, the legacy 3 elements, and the book's bare-string form.
// Must never throw anything but ProtocolError('invalid_payload').
import { ProtocolError } from './errors.ts';
import {
	isPayloadKey,
	ORDER_STATUSES,
	type BondPayoutRequest,
	type CashuLockProof,
	type CashuSignature,
	type OrderKind,
	type OrderStatus,
	type Payload,
	type RestoreSessionInfo,
	type SmallOrder,
	type SolverDisputeInfo,
	type UserInfo
} from './payload.ts';
import { isJsonObject, normalizeUuid, StructReader } from './struct-read.ts';

const fail = (what: string): never => {
	throw new ProtocolError('invalid_payload', what);
};
const STATUS_SET: ReadonlySet<string> = new Set(ORDER_STATUSES);

function uuidField(r: StructReader, key: string): string {
	const u = normalizeUuid(r.o[key]);
	if (u === null) return r.fail(key, 'must be a UUID');
	return u;
}

export function parseSmallOrder(value: unknown, path = 'order'): SmallOrder {
	const r = new StructReader(value, path, 'invalid_payload');
	const rawKind = r.strOrNull('kind');
	if (rawKind !== null && rawKind !== 'buy' && rawKind !== 'sell') r.fail('kind', 'must be buy or sell');
	const kind = rawKind as OrderKind | null;
	const status = r.strOrNull('status');
	if (status !== null && !STATUS_SET.has(status)) r.fail('status', 'is not an order status');
	const o: SmallOrder = {
		kind,
		status: status as OrderStatus | null,
		amount: r.int('amount'),
		fiat_code: r.str('fiat_code'),
		min_amount: r.intOrNull('min_amount'),
		max_amount: r.intOrNull('max_amount'),
		fiat_amount: r.int('fiat_amount'),
		payment_method: r.str('payment_method'),
		premium: r.int('premium'),
		created_at: r.intOrNull('created_at'),
		expires_at: r.intOrNull('expires_at')
	};
	if (r.has('id')) o.id = uuidField(r, 'id');
	if (r.has('buyer_trade_pubkey')) o.buyer_trade_pubkey = r.str('buyer_trade_pubkey');
	if (r.has('seller_trade_pubkey')) o.seller_trade_pubkey = r.str('seller_trade_pubkey');
	if (r.has('buyer_invoice')) o.buyer_invoice = r.str('buyer_invoice');
	return o;
}

export function parseUserInfo(value: unknown, path = 'user_info'): UserInfo {
	const r = new StructReader(value, path, 'invalid_payload');
	const u: UserInfo = { rating: r.num('rating'), reviews: r.int('reviews'), operating_days: r.int('operating_days') };
	// v0.19.2 adds `since` (unix seconds); a null or absent one is simply not known.
	const since = r.has('since') ? r.intOrNull('since') : null;
	if (since !== null) u.since = since;
	return u;
}

function userInfoOrNull(r: StructReader, key: string): UserInfo | null {
	return r.has(key) ? parseUserInfo(r.o[key], `${r.path}.${key}`) : null;
}

export function parseSolverDisputeInfo(value: unknown, path = 'solver_dispute_info'): SolverDisputeInfo {
	const r = new StructReader(value, path, 'invalid_payload');
	return {
		id: uuidField(r, 'id'),
		kind: r.str('kind'),
		status: r.str('status'),
		hash: r.strOrNull('hash'),
		preimage: r.strOrNull('preimage'),
		order_previous_status: r.str('order_previous_status'),
		initiator_pubkey: r.str('initiator_pubkey'),
		buyer_pubkey: r.strOrNull('buyer_pubkey'),
		seller_pubkey: r.strOrNull('seller_pubkey'),
		initiator_full_privacy: r.bool('initiator_full_privacy'),
		counterpart_full_privacy: r.bool('counterpart_full_privacy'),
		initiator_info: userInfoOrNull(r, 'initiator_info'),
		counterpart_info: userInfoOrNull(r, 'counterpart_info'),
		premium: r.int('premium'),
		payment_method: r.str('payment_method'),
		amount: r.int('amount'),
		fiat_amount: r.int('fiat_amount'),
		fee: r.int('fee'),
		routing_fee: r.int('routing_fee'),
		buyer_invoice: r.strOrNull('buyer_invoice'),
		invoice_held_at: r.int('invoice_held_at'),
		taken_at: r.int('taken_at'),
		created_at: r.int('created_at')
	};
}

function parseDisputeTuple(v: unknown): Payload {
	if (typeof v === 'string') return { dispute: [v, null] };
	if (!Array.isArray(v) || v.length < 1 || v.length > 3) return fail('dispute must be a 1–3 element array');
	const id = v[0];
	if (typeof id !== 'string') return fail('dispute[0] must be the dispute id');
	const last = v.length > 1 ? v[v.length - 1] : null;
	if (v.length === 3 && v[1] !== null && (typeof v[1] !== 'number' || !Number.isInteger(v[1]))) {
		return fail('legacy dispute token must be an integer or null');
	}
	const info = last === null || last === undefined ? null : parseSolverDisputeInfo(last, 'dispute[1]');
	return { dispute: [id, info] };
}

function parseRestore(v: unknown): RestoreSessionInfo {
	const r = new StructReader(v, 'restore_data', 'invalid_payload');
	const orders = r.arr('orders').map((x, i) => {
		const o = new StructReader(x, `restore_data.orders[${i}]`, 'invalid_payload');
		return { order_id: o.str('order_id'), trade_index: o.int('trade_index'), status: o.str('status') };
	});
	const disputes = r.arr('disputes').map((x, i) => {
		const d = new StructReader(x, `restore_data.disputes[${i}]`, 'invalid_payload');
		const rawInitiator = d.strOrNull('initiator');
		if (rawInitiator !== null && rawInitiator !== 'buyer' && rawInitiator !== 'seller') d.fail('initiator', 'must be buyer, seller or null');
		const initiator = rawInitiator as 'buyer' | 'seller' | null;
		return {
			dispute_id: d.str('dispute_id'),
			order_id: d.str('order_id'),
			trade_index: d.int('trade_index'),
			status: d.str('status'),
			initiator,
			solver_pubkey: d.strOrNull('solver_pubkey')
		};
	});
	return { orders, disputes };
}

function parseCashuLock(v: unknown): CashuLockProof {
	const r = new StructReader(v, 'cashu_lock_proof', 'invalid_payload');
	const p: CashuLockProof = {
		token: r.str('token'),
		mint_url: r.str('mint_url'),
		buyer_pubkey: r.str('buyer_pubkey'),
		seller_pubkey: r.str('seller_pubkey'),
		mostro_pubkey: r.str('mostro_pubkey')
	};
	if (r.has('fee_token')) p.fee_token = r.str('fee_token');
	return p;
}

function parseCashuSignatures(v: unknown): CashuSignature[] {
	if (!Array.isArray(v)) return fail('cashu_signatures must be an array');
	return v.map((x, i) => {
		const r = new StructReader(x, `cashu_signatures[${i}]`, 'invalid_payload');
		return { secret: r.str('secret'), signature: r.str('signature') };
	});
}

function parseBondPayout(v: unknown): BondPayoutRequest {
	const r = new StructReader(v, 'bond_payout_request', 'invalid_payload');
	return { order: parseSmallOrder(r.o.order, 'bond_payout_request.order'), slashed_at: r.int('slashed_at') };
}

function int(v: unknown, what: string): number {
	if (typeof v !== 'number' || !Number.isSafeInteger(v)) return fail(`${what} must be an integer`);
	return v;
}

/** Parse a wire payload value (`null` or a single-key object). */
export function parsePayload(value: unknown): Payload | null {
	if (value === null || value === undefined) return null;
	if (!isJsonObject(value)) return fail('payload must be an object or null');
	const keys = Object.keys(value);
	if (keys.length !== 1) return fail('payload must have exactly one variant key');
	const key = keys[0] as string;
	const v = value[key];
	if (!isPayloadKey(key)) return { unknown: { key, value: v } };
	switch (key) {
		case 'order':
			return { order: parseSmallOrder(v) };
		case 'payment_request': {
			if (!Array.isArray(v) || v.length !== 3) return fail('payment_request must be a 3-element array');
			const [o, req, amt] = v;
			if (typeof req !== 'string') return fail('payment_request[1] must be a string');
			return {
				payment_request: [o === null ? null : parseSmallOrder(o, 'payment_request[0]'), req, amt === null ? null : int(amt, 'payment_request[2]')]
			};
		}
		case 'text_message':
			return typeof v === 'string' ? { text_message: v } : fail('text_message must be a string');
		case 'peer': {
			const r = new StructReader(v, 'peer', 'invalid_payload');
			return { peer: { pubkey: r.str('pubkey'), reputation: userInfoOrNull(r, 'reputation') } };
		}
		case 'rating_user':
			return { rating_user: int(v, 'rating_user') };
		case 'amount':
			return { amount: int(v, 'amount') };
		case 'dispute':
			return parseDisputeTuple(v);
		case 'cant_do':
			if (v !== null && typeof v !== 'string') return fail('cant_do must be a string or null');
			return { cant_do: v };
		case 'next_trade': {
			if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string') return fail('next_trade must be [pubkey, index]');
			return { next_trade: [v[0], int(v[1], 'next_trade[1]')] };
		}
		case 'payment_failed': {
			const r = new StructReader(v, 'payment_failed', 'invalid_payload');
			return { payment_failed: { payment_attempts: r.int('payment_attempts'), payment_retries_interval: r.int('payment_retries_interval') } };
		}
		case 'restore_data':
			return { restore_data: parseRestore(v) };
		case 'ids':
			if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return fail('ids must be an array of strings');
			return { ids: v as string[] };
		case 'orders':
			if (!Array.isArray(v)) return fail('orders must be an array');
			return { orders: v.map((x, i) => parseSmallOrder(x, `orders[${i}]`)) };
		case 'bond_resolution': {
			const r = new StructReader(v, 'bond_resolution', 'invalid_payload');
			return { bond_resolution: { slash_seller: r.bool('slash_seller'), slash_buyer: r.bool('slash_buyer') } };
		}
		case 'bond_payout_request':
			return { bond_payout_request: parseBondPayout(v) };
		case 'cashu_lock_proof':
			return { cashu_lock_proof: parseCashuLock(v) };
		case 'cashu_signatures':
			return { cashu_signatures: parseCashuSignatures(v) };
	}
	return fail('unreachable payload key');
}
