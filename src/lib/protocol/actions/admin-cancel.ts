// admin-cancel request (seller refunded) with optional bond_resolution, and the admin-canceled
// acknowledgement (PROTOCOL.md §4.4, §4.5, §3.5; MOSTROD.md §3.4). `id` is the ORDER id. Pure.
import { buildMessage, type Message } from '../message.ts';
import { requireUuid } from './admin-take-dispute.ts';
import type { ResolveInit } from './admin-settle.ts';

export function buildAdminCancel(i: ResolveInit): Message {
	return buildMessage({
		variant: i.variant ?? 'dispute',
		version: i.version,
		requestId: i.requestId,
		id: requireUuid(i.orderId, 'orderId'),
		action: 'admin-cancel',
		payload: i.bondResolution ? { bond_resolution: { slash_seller: i.bondResolution.slash_seller, slash_buyer: i.bondResolution.slash_buyer } } : null
	});
}

/** Daemon → requester and parties (request_id echoed to all three). */
export function buildAdminCanceledReply(i: { orderId: string; requestId?: number | null; version?: number }): Message {
	return buildMessage({ variant: 'order', version: i.version, requestId: i.requestId, id: requireUuid(i.orderId, 'orderId'), action: 'admin-canceled' });
}
