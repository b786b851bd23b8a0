// Canonical (serde-compatible) JSON of a Mostro message (PROTOCOL.md §2.4).
// Reproduces the daemon's re-serialization byte for byte: compact, struct declaration order,
// `null` for plain Options, omitted skip-if-none fields, floats written like serde (`1.0`).
// Must never reorder keys by insertion order of the input or emit undefined.
import type { Message, MessageKind } from './message.ts';
import type { BondPayoutRequest, CashuLockProof, Payload, Peer, RestoreSessionInfo, SmallOrder, SolverDisputeInfo, UserInfo } from './payload.ts';

type Field = readonly [key: string, json: string | undefined];

const s = (v: string): string => JSON.stringify(v);
const n = (v: number): string => JSON.stringify(v);
const b = (v: boolean): string => (v ? 'true' : 'false');
const opt = <T>(v: T | null | undefined, f: (x: T) => string): string => (v === null || v === undefined ? 'null' : f(v));
const omit = <T>(v: T | null | undefined, f: (x: T) => string): string | undefined => (v === null || v === undefined ? undefined : f(v));

/** serde_json writes an f64 with a fractional part: `1.0`, `4.5`. */
export function formatF64(v: number): string {
	if (!Number.isFinite(v)) return 'null';
	if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`;
	return JSON.stringify(v);
}

function obj(fields: readonly Field[]): string {
	const parts: string[] = [];
	for (const [k, v] of fields) if (v !== undefined) parts.push(`${JSON.stringify(k)}:${v}`);
	return `{${parts.join(',')}}`;
}

export function serializeSmallOrder(o: SmallOrder): string {
	return obj([
		['id', omit(o.id, s)],
		['kind', opt(o.kind, s)],
		['status', opt(o.status, s)],
		['amount', n(o.amount)],
		['fiat_code', s(o.fiat_code)],
		['min_amount', opt(o.min_amount, n)],
		['max_amount', opt(o.max_amount, n)],
		['fiat_amount', n(o.fiat_amount)],
		['payment_method', s(o.payment_method)],
		['premium', n(o.premium)],
		['buyer_trade_pubkey', omit(o.buyer_trade_pubkey, s)],
		['seller_trade_pubkey', omit(o.seller_trade_pubkey, s)],
		['buyer_invoice', omit(o.buyer_invoice, s)],
		['created_at', opt(o.created_at, n)],
		['expires_at', opt(o.expires_at, n)]
	]);
}

export function serializeUserInfo(u: UserInfo): string {
	return obj([
		['rating', formatF64(u.rating)],
		['reviews', n(u.reviews)],
		['operating_days', n(u.operating_days)],
		['since', omit(u.since, n)]
	]);
}

function serializePeer(p: Peer): string {
	return obj([
		['pubkey', s(p.pubkey)],
		['reputation', opt(p.reputation, serializeUserInfo)]
	]);
}

export function serializeSolverDisputeInfo(d: SolverDisputeInfo): string {
	return obj([
		['id', s(d.id)],
		['kind', s(d.kind)],
		['status', s(d.status)],
		['hash', opt(d.hash, s)],
		['preimage', opt(d.preimage, s)],
		['order_previous_status', s(d.order_previous_status)],
		['initiator_pubkey', s(d.initiator_pubkey)],
		['buyer_pubkey', opt(d.buyer_pubkey, s)],
		['seller_pubkey', opt(d.seller_pubkey, s)],
		['initiator_full_privacy', b(d.initiator_full_privacy)],
		['counterpart_full_privacy', b(d.counterpart_full_privacy)],
		['initiator_info', opt(d.initiator_info, serializeUserInfo)],
		['counterpart_info', opt(d.counterpart_info, serializeUserInfo)],
		['premium', n(d.premium)],
		['payment_method', s(d.payment_method)],
		['amount', n(d.amount)],
		['fiat_amount', n(d.fiat_amount)],
		['fee', n(d.fee)],
		['routing_fee', n(d.routing_fee)],
		['buyer_invoice', opt(d.buyer_invoice, s)],
		['invoice_held_at', n(d.invoice_held_at)],
		['taken_at', n(d.taken_at)],
		['created_at', n(d.created_at)]
	]);
}

function serializeRestore(r: RestoreSessionInfo): string {
	const orders = r.orders.map((o) =>
		obj([
			['order_id', s(o.order_id)],
			['trade_index', n(o.trade_index)],
			['status', s(o.status)]
		])
	);
	const disputes = r.disputes.map((d) =>
		obj([
			['dispute_id', s(d.dispute_id)],
			['order_id', s(d.order_id)],
			['trade_index', n(d.trade_index)],
			['status', s(d.status)],
			['initiator', opt(d.initiator, s)],
			['solver_pubkey', opt(d.solver_pubkey, s)]
		])
	);
	return obj([
		['orders', `[${orders.join(',')}]`],
		['disputes', `[${disputes.join(',')}]`]
	]);
}

function serializeBondPayout(p: BondPayoutRequest): string {
	return obj([
		['order', serializeSmallOrder(p.order)],
		['slashed_at', n(p.slashed_at)]
	]);
}

function serializeCashuLock(p: CashuLockProof): string {
	return obj([
		['token', s(p.token)],
		['mint_url', s(p.mint_url)],
		['buyer_pubkey', s(p.buyer_pubkey)],
		['seller_pubkey', s(p.seller_pubkey)],
		['mostro_pubkey', s(p.mostro_pubkey)],
		['fee_token', omit(p.fee_token, s)]
	]);
}

function payloadBody(p: Payload): [string, string] {
	if ('unknown' in p) return [p.unknown.key, JSON.stringify(p.unknown.value) ?? 'null'];
	if ('order' in p) return ['order', serializeSmallOrder(p.order)];
	if ('payment_request' in p) {
		const [o, req, amt] = p.payment_request;
		return ['payment_request', `[${opt(o, serializeSmallOrder)},${s(req)},${opt(amt, n)}]`];
	}
	if ('text_message' in p) return ['text_message', s(p.text_message)];
	if ('peer' in p) return ['peer', serializePeer(p.peer)];
	if ('rating_user' in p) return ['rating_user', n(p.rating_user)];
	if ('amount' in p) return ['amount', n(p.amount)];
	if ('dispute' in p) {
		const [id, info] = p.dispute;
		return ['dispute', `[${s(id)},${opt(info, serializeSolverDisputeInfo)}]`];
	}
	if ('cant_do' in p) return ['cant_do', opt(p.cant_do, s)];
	if ('next_trade' in p) return ['next_trade', `[${s(p.next_trade[0])},${n(p.next_trade[1])}]`];
	if ('payment_failed' in p) {
		const f = p.payment_failed;
		return [
			'payment_failed',
			obj([
				['payment_attempts', n(f.payment_attempts)],
				['payment_retries_interval', n(f.payment_retries_interval)]
			])
		];
	}
	if ('restore_data' in p) return ['restore_data', serializeRestore(p.restore_data)];
	if ('ids' in p) return ['ids', `[${p.ids.map(s).join(',')}]`];
	if ('orders' in p) return ['orders', `[${p.orders.map(serializeSmallOrder).join(',')}]`];
	if ('bond_resolution' in p) {
		const r = p.bond_resolution;
		return [
			'bond_resolution',
			obj([
				['slash_seller', b(r.slash_seller)],
				['slash_buyer', b(r.slash_buyer)]
			])
		];
	}
	if ('bond_payout_request' in p) return ['bond_payout_request', serializeBondPayout(p.bond_payout_request)];
	if ('cashu_lock_proof' in p) return ['cashu_lock_proof', serializeCashuLock(p.cashu_lock_proof)];
	const sigs = p.cashu_signatures.map((x) =>
		obj([
			['secret', s(x.secret)],
			['signature', s(x.signature)]
		])
	);
	return ['cashu_signatures', `[${sigs.join(',')}]`];
}

export function serializePayload(p: Payload | null): string {
	if (p === null) return 'null';
	const [key, body] = payloadBody(p);
	return `{${JSON.stringify(key)}:${body}}`;
}

export function serializeMessageKind(k: MessageKind): string {
	return obj([
		['version', n(k.version)],
		['request_id', opt(k.request_id, n)],
		['trade_index', opt(k.trade_index, n)],
		['id', omit(k.id, s)],
		['action', s(k.action)],
		['payload', serializePayload(k.payload)]
	]);
}

/** The canonical message JSON that is hashed and signed (§2.4). */
export function serializeMessage(m: Message): string {
	return `{${JSON.stringify(m.variant)}:${serializeMessageKind(m.kind)}}`;
}
