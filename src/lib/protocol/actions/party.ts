// Messages between a trade party and the daemon that the node double and tests need: a party's
// dispute/release/cancel/fiat-sent requests and the daemon's notices and refusals
// (dispute-initiated-by-you/-peer, cant-do, cooperative-cancel-accepted, generic order notices)
// (PROTOCOL.md §3.6, §3.10, §4.1; MOSTROD.md §1.3, §7.4). Pure constructors only.
import { normalizeCantDoReason, type CantDoReason } from '../cant-do.ts';
import { buildMessage, type ActionOrRaw, type Message } from '../message.ts';
import type { Payload } from '../payload.ts';
import { requireUuid } from './admin-take-dispute.ts';

export type PartyAction = 'dispute' | 'release' | 'cancel' | 'fiat-sent';

/** `{"order":{…,"id":<order id>,"action":<action>,"payload":null}}` from a party's trade key. */
export function buildPartyRequest(i: { action: PartyAction; orderId: string; requestId?: number | null; version?: number }): Message {
	return buildMessage({ variant: 'order', version: i.version, requestId: i.requestId, id: requireUuid(i.orderId, 'orderId'), action: i.action });
}

/** dispute-initiated-by-you / -by-peer: `{"dispute":["<dispute id>",null]}` on the order id. */
export function buildDisputeInitiatedNotice(i: { byYou: boolean; orderId: string; disputeId: string; requestId?: number | null; version?: number }): Message {
	return buildMessage({
		variant: 'order',
		version: i.version,
		requestId: i.requestId,
		id: requireUuid(i.orderId, 'orderId'),
		action: i.byYou ? 'dispute-initiated-by-you' : 'dispute-initiated-by-peer',
		payload: { dispute: [requireUuid(i.disputeId, 'disputeId'), null] }
	});
}

/** Refusal to the request's sender key, echoing request_id and the request's id (if any). */
export function buildCantDo(i: { reason: CantDoReason | null; requestId?: number | null; id?: string; version?: number }): Message {
	return buildMessage({
		variant: 'cant-do',
		version: i.version,
		requestId: i.requestId,
		id: i.id === undefined ? undefined : requireUuid(i.id, 'id'),
		action: 'cant-do',
		payload: { cant_do: i.reason }
	});
}

/** Any other daemon notice on an order (e.g. cooperative-cancel-accepted, released, canceled). */
export function buildOrderNotice(i: { action: ActionOrRaw; orderId: string; requestId?: number | null; payload?: Payload | null; version?: number }): Message {
	return buildMessage({ variant: 'order', version: i.version, requestId: i.requestId, id: requireUuid(i.orderId, 'orderId'), action: i.action, payload: i.payload ?? null });
}

/** The refusal reason of a cant-do message (null payload → invalid_action), or null if not a cant-do. */
export function readCantDoReason(m: Message): CantDoReason | (string & {}) | null {
	if (m.kind.action !== 'cant-do') return null;
	const p = m.kind.payload;
	if (p === null || !('cant_do' in p)) return 'invalid_action';
	return normalizeCantDoReason(p.cant_do);
}
