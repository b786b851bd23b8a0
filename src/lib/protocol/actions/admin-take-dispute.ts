// admin-take-dispute request and its replies: admin-took-dispute to the solver (dispute tuple
// with SolverDisputeInfo) and the notice to each party (peer = solver pubkey)
// (PROTOCOL.md §4.2, §3.10; MOSTROD.md §2.3). `id` is the DISPUTE id on the request. Pure.
import { ProtocolError } from '../errors.ts';
import { buildMessage, type Message, type MessageVariant } from '../message.ts';
import type { SolverDisputeInfo } from '../payload.ts';
import { normalizeUuid } from '../struct-read.ts';

export function requireUuid(value: string, what: string): string {
	const u = normalizeUuid(value);
	if (u === null) throw new ProtocolError('invalid_argument', `${what} must be a UUID`);
	return u;
}

export function buildAdminTakeDispute(i: { disputeId: string; requestId?: number | null; variant?: MessageVariant; version?: number }): Message {
	return buildMessage({
		variant: i.variant ?? 'dispute',
		version: i.version,
		requestId: i.requestId,
		id: requireUuid(i.disputeId, 'disputeId'),
		action: 'admin-take-dispute'
	});
}

/** Daemon → solver identity: `{"dispute":{…,"id":<dispute>,"payload":{"dispute":[<dispute>, info]}}}`. */
export function buildAdminTookDisputeReply(i: { disputeId: string; info: SolverDisputeInfo; requestId?: number | null; version?: number }): Message {
	const id = requireUuid(i.disputeId, 'disputeId');
	return buildMessage({ variant: 'dispute', version: i.version, requestId: i.requestId, id, action: 'admin-took-dispute', payload: { dispute: [id, i.info] } });
}

/** Daemon → each party: `{"order":{…,"id":<order>,"payload":{"peer":{"pubkey":<solver>,"reputation":null}}}}`. */
export function buildAdminTookDisputeNotice(i: { orderId: string; solverPubkey: string; requestId?: number | null; version?: number }): Message {
	return buildMessage({
		variant: 'order',
		version: i.version,
		requestId: i.requestId,
		id: requireUuid(i.orderId, 'orderId'),
		action: 'admin-took-dispute',
		payload: { peer: { pubkey: i.solverPubkey, reputation: null } }
	});
}

export interface TookDispute {
	disputeId: string;
	info: SolverDisputeInfo | null;
}

/** Extract the solver's view from an admin-took-dispute reply; null for other shapes (e.g. party notices). */
export function readTookDispute(m: Message): TookDispute | null {
	const p = m.kind.payload;
	if (m.kind.action !== 'admin-took-dispute' || p === null || !('dispute' in p)) return null;
	return { disputeId: p.dispute[0], info: p.dispute[1] };
}

/** The solver pubkey announced to a party, or null. */
export function readTookDisputePeer(m: Message): string | null {
	const p = m.kind.payload;
	if (m.kind.action !== 'admin-took-dispute' || p === null || !('peer' in p)) return null;
	return p.peer.pubkey;
}
