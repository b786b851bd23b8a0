// admin-settle request (buyer gets the sats) with optional bond_resolution, and the
// admin-settled acknowledgement (PROTOCOL.md §4.3–§4.5, §3.5; MOSTROD.md §3). `id` is the ORDER
// id. Pure; must never put any payload other than null or bond_resolution on the request.
import { buildMessage, type Message, type MessageVariant } from '../message.ts';
import type { BondResolution } from '../payload.ts';
import { requireUuid } from './admin-take-dispute.ts';

export interface ResolveInit {
	orderId: string;
	requestId?: number | null;
	bondResolution?: BondResolution | null;
	variant?: MessageVariant;
	version?: number;
}

export function buildAdminSettle(i: ResolveInit): Message {
	return buildMessage({
		variant: i.variant ?? 'dispute',
		version: i.version,
		requestId: i.requestId,
		id: requireUuid(i.orderId, 'orderId'),
		action: 'admin-settle',
		payload: i.bondResolution ? { bond_resolution: { slash_seller: i.bondResolution.slash_seller, slash_buyer: i.bondResolution.slash_buyer } } : null
	});
}

/** Daemon → requester (and parties with request_id null): admin-settled on the order. */
export function buildAdminSettledReply(i: { orderId: string; requestId?: number | null; version?: number }): Message {
	return buildMessage({ variant: 'order', version: i.version, requestId: i.requestId, id: requireUuid(i.orderId, 'orderId'), action: 'admin-settled' });
}
