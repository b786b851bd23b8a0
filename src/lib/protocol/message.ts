// Mostro logical message: wrapper variants, MessageKind body, the Action list (PROTOCOL.md §3.1–§3.3).
// Types only plus small guards; parsing lives in message-parse.ts and serialization in
// canonical.ts. Must never import transport or crypto code.
import type { Payload } from './payload.ts';

export const MESSAGE_VARIANTS = ['order', 'dispute', 'cant-do', 'rate', 'dm', 'restore'] as const;
export type MessageVariant = (typeof MESSAGE_VARIANTS)[number];

/** Every Action wire string of mostro-core 0.14 (51 values). */
export const ACTIONS = [
	'new-order',
	'take-sell',
	'take-buy',
	'pay-invoice',
	'pay-bond-invoice',
	'fiat-sent',
	'fiat-sent-ok',
	'release',
	'released',
	'cancel',
	'canceled',
	'cooperative-cancel-initiated-by-you',
	'cooperative-cancel-initiated-by-peer',
	'dispute-initiated-by-you',
	'dispute-initiated-by-peer',
	'cooperative-cancel-accepted',
	'buyer-invoice-accepted',
	'bond-invoice-accepted',
	'purchase-completed',
	'bond-payout-completed',
	'bond-slashed',
	'hold-invoice-payment-accepted',
	'hold-invoice-payment-settled',
	'hold-invoice-payment-canceled',
	'waiting-seller-to-pay',
	'waiting-buyer-invoice',
	'add-invoice',
	'add-bond-invoice',
	'buyer-took-order',
	'rate',
	'rate-user',
	'rate-received',
	'cant-do',
	'dispute',
	'admin-cancel',
	'admin-canceled',
	'admin-settle',
	'admin-settled',
	'admin-add-solver',
	'admin-take-dispute',
	'admin-took-dispute',
	'payment-failed',
	'invoice-updated',
	'send-dm',
	'trade-pubkey',
	'restore-session',
	'last-trade-index',
	'orders',
	'add-cashu-escrow',
	'cashu-escrow-locked',
	'cashu-pm-signature'
] as const;

export type Action = (typeof ACTIONS)[number];

/** A known Action, or an unknown wire string kept verbatim. */
export type ActionOrRaw = Action | (string & {});

const ACTION_SET: ReadonlySet<string> = new Set(ACTIONS);
const VARIANT_SET: ReadonlySet<string> = new Set(MESSAGE_VARIANTS);

export function isAction(value: unknown): value is Action {
	return typeof value === 'string' && ACTION_SET.has(value);
}

export function isMessageVariant(value: unknown): value is MessageVariant {
	return typeof value === 'string' && VARIANT_SET.has(value);
}

/** Inner object (`MessageKind`). Field order here is the serialization order. */
export interface MessageKind {
	version: number;
	request_id: number | null;
	trade_index: number | null;
	/** Omitted from the wire when undefined. */
	id?: string;
	action: ActionOrRaw;
	payload: Payload | null;
}

/** A whole message: exactly one wrapper variant around a MessageKind. */
export interface Message {
	variant: MessageVariant;
	kind: MessageKind;
}

export const PROTOCOL_VERSION = 2;

export interface MessageInit {
	variant: MessageVariant;
	action: ActionOrRaw;
	version?: number;
	requestId?: number | null;
	tradeIndex?: number | null;
	id?: string;
	payload?: Payload | null;
}

/** The message with `version` set to the transport it travels on (1 = gift wrap, 2 = kind 14; PROTOCOL.md §2). */
export function forTransport(m: Message, transport: 1 | 2): Message {
	return m.kind.version === transport ? m : { variant: m.variant, kind: { ...m.kind, version: transport } };
}

/** Pure constructor with the protocol defaults (version 2, nulls, id omitted). */
export function buildMessage(init: MessageInit): Message {
	const kind: MessageKind = {
		version: init.version ?? PROTOCOL_VERSION,
		request_id: init.requestId ?? null,
		trade_index: init.tradeIndex ?? null,
		action: init.action,
		payload: init.payload ?? null
	};
	if (init.id !== undefined) kind.id = init.id.toLowerCase();
	return { variant: init.variant, kind };
}
