// Tolerant parser for Mostro messages (PROTOCOL.md §3.1, §3.2, §3.5).
// Unknown actions are kept as raw strings; unknown payload variants are kept raw. Also the
// message-level `verify()` matrix the daemon applies. Must never throw anything but ProtocolError.
import { ProtocolError } from './errors.ts';
import { isAction, isMessageVariant, type Message, type MessageKind } from './message.ts';
import { parsePayload } from './payload-parse.ts';
import { payloadKeyOf, type Payload } from './payload.ts';
import { isJsonObject, normalizeUuid, StructReader } from './struct-read.ts';

function optionalNonNegInt(r: StructReader, key: string): number | null {
	const v = r.intOrNull(key);
	if (v !== null && v < 0) r.fail(key, 'must not be negative');
	return v;
}

export function parseMessageKind(value: unknown): MessageKind {
	const r = new StructReader(value, 'message', 'invalid_message');
	const version = r.int('version');
	if (version < 0 || version > 255) r.fail('version', 'must be 0..255');
	const kind: MessageKind = {
		version,
		request_id: optionalNonNegInt(r, 'request_id'),
		trade_index: r.intOrNull('trade_index'),
		action: r.str('action'),
		payload: parsePayload(r.o.payload)
	};
	if (kind.action === '') r.fail('action', 'must not be empty');
	if (r.has('id')) {
		const id = normalizeUuid(r.o.id);
		if (id === null) return r.fail('id', 'must be a UUID');
		kind.id = id;
	}
	return kind;
}

/** Parse an already JSON-decoded message value (`{"<variant>":{…}}`). */
export function parseMessage(value: unknown): Message {
	if (!isJsonObject(value)) throw new ProtocolError('invalid_message', 'message must be an object');
	const keys = Object.keys(value);
	if (keys.length !== 1) throw new ProtocolError('invalid_message', 'message must have exactly one variant key');
	const variant = keys[0];
	if (!isMessageVariant(variant)) throw new ProtocolError('invalid_message', 'unknown message variant');
	return { variant, kind: parseMessageKind(value[variant]) };
}

export function parseMessageJson(text: unknown): Message {
	if (typeof text !== 'string') throw new ProtocolError('invalid_json', 'message JSON must be a string');
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		throw new ProtocolError('invalid_json', 'message is not valid JSON');
	}
	return parseMessage(value);
}

const NO_ID_ACTIONS: ReadonlySet<string> = new Set(['new-order', 'last-trade-index', 'restore-session', 'rate-user', 'cant-do', 'orders']);
const NULL_PAYLOAD_ACTIONS: ReadonlySet<string> = new Set(['last-trade-index', 'restore-session']);

function payloadAllowed(action: string, p: Payload | null): boolean {
	const key = p === null ? null : payloadKeyOf(p);
	switch (action) {
		case 'new-order':
			return key === 'order';
		case 'pay-invoice':
		case 'pay-bond-invoice':
		case 'add-invoice':
			return key === 'payment_request';
		case 'add-bond-invoice':
			return key === 'bond_payout_request' || key === 'payment_request';
		case 'admin-settle':
		case 'admin-cancel':
			return key === null || key === 'bond_resolution';
		case 'add-cashu-escrow':
			return key === 'cashu_lock_proof';
		case 'cashu-pm-signature':
			return p !== null && 'cashu_signatures' in p && p.cashu_signatures.length > 0;
		case 'payment-failed':
			return key === 'payment_failed';
		case 'rate-user':
			return key === 'rating_user';
		case 'cant-do':
			return key === 'cant_do';
		case 'orders':
			return key === 'ids' || key === 'orders';
		default:
			if (NULL_PAYLOAD_ACTIONS.has(action)) return key === null;
			return key !== 'bond_resolution' && key !== 'bond_payout_request';
	}
}

/**
 * The daemon's `MessageKind::verify()` (§3.5): false means a silent drop. Unknown actions fail
 * (serde would not have parsed them).
 */
export function isMessageAcceptable(kind: MessageKind): boolean {
	if (!isAction(kind.action)) return false;
	if (!NO_ID_ACTIONS.has(kind.action) && kind.id === undefined) return false;
	return payloadAllowed(kind.action, kind.payload);
}
