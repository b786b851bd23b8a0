// The unsolicited notice a v0.19 node sends the holder of a dispute the parties closed
// themselves (UPSTREAM-0.19.md §6, mostrod #945): action `released` (seller released) or
// `cooperative-cancel-accepted` (cooperative cancel), `request_id: null`, wrapper `order`,
// `id` = the order, payload `{"dispute":["<dispute id>",null]}`. Pure: recognises the shape and
// nothing else. Must never treat a message with a request_id as this notice (that is a reply).
import type { Message } from '../message.ts';

export type PartiesClosedAction = 'released' | 'cooperative-cancel-accepted';

export interface PartiesClosedNotice {
	action: PartiesClosedAction;
	/** `released` → the seller released; `cooperative-cancel-accepted` → closed without the holder (cooperative cancel or escrow cancel). */
	outcome: 'released' | 'cooperatively-canceled';
	disputeId: string;
	orderId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The notice, or null when the message is anything else (a reply, a party copy with a null payload, …). */
export function readPartiesClosedNotice(m: Message): PartiesClosedNotice | null {
	if (m.kind.request_id !== null) return null;
	const raw = m.kind.action;
	if (raw !== 'released' && raw !== 'cooperative-cancel-accepted') return null;
	const action: PartiesClosedAction = raw === 'released' ? 'released' : 'cooperative-cancel-accepted';
	const p = m.kind.payload;
	if (p === null || !('dispute' in p) || !Array.isArray(p.dispute)) return null;
	const disputeId = p.dispute[0];
	if (typeof disputeId !== 'string' || !UUID.test(disputeId)) return null;
	const orderId = typeof m.kind.id === 'string' && UUID.test(m.kind.id) ? m.kind.id.toLowerCase() : null;
	return { action, outcome: action === 'released' ? 'released' : 'cooperatively-canceled', disputeId: disputeId.toLowerCase(), orderId };
}
