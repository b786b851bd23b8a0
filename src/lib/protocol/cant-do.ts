// CantDoReason values and human-readable text in English and Spanish (PROTOCOL.md §3.6, §4.9).
// `maintenance_mode` (mostro-core 0.14.6, UPSTREAM-0.19.md §7, §10.3). Unknown reasons are kept
// raw and get a generic text naming them. Must never throw on odd input.

export const CANT_DO_REASONS = [
	'invalid_signature', 'invalid_trade_index', 'invalid_amount', 'invalid_invoice',
	'invalid_payment_request', 'invalid_peer', 'invalid_rating', 'invalid_text_message',
	'invalid_order_kind', 'invalid_order_status', 'invalid_pubkey', 'invalid_parameters',
	'invalid_payload', 'order_already_canceled', 'cant_create_user', 'is_not_your_order',
	'not_allowed_by_status', 'out_of_range_fiat_amount', 'out_of_range_sats_amount',
	'price_too_stale', 'is_not_your_dispute', 'dispute_taken_by_admin', 'not_authorized',
	'dispute_creation_error', 'not_found', 'invalid_dispute_status', 'invalid_action',
	'pending_order_exists', 'invalid_fiat_currency', 'too_many_requests', 'invalid_cashu_token',
	'cashu_mint_unavailable', 'invalid_mint_url', 'cashu_escrow_not_locked', 'cashu_signature_missing',
	'maintenance_mode'
] as const;

export type CantDoReason = (typeof CANT_DO_REASONS)[number];
export type CantDoLocale = 'en' | 'es';

const REASON_SET: ReadonlySet<string> = new Set(CANT_DO_REASONS);

export function isCantDoReason(value: unknown): value is CantDoReason {
	return typeof value === 'string' && REASON_SET.has(value);
}

/**
 * Normalize a wire value: `null` means `invalid_action` (§3.6); kebab-case spellings from the
 * protocol book are mapped to snake_case; anything else is returned raw.
 */
export function normalizeCantDoReason(value: string | null): CantDoReason | (string & {}) {
	if (value === null) return 'invalid_action';
	const snake = value.replace(/-/g, '_');
	return isCantDoReason(snake) ? snake : value;
}

type Texts = Record<CantDoReason, string>;

const EN: Texts = {
	invalid_signature: 'The message signature is not valid.',
	invalid_trade_index: 'The trade index is not valid.',
	invalid_amount: 'The amount is not valid.',
	invalid_invoice: 'The Lightning invoice is not valid.',
	invalid_payment_request: 'The payment request is not valid.',
	invalid_peer: 'The peer is not valid.',
	invalid_rating: 'The rating is not valid.',
	invalid_text_message: 'The text message is missing or not valid.',
	invalid_order_kind: 'The order kind is not valid.',
	invalid_order_status: 'The order is not in a status that allows this action.',
	invalid_pubkey: 'This key is not allowed to do that (not a solver, or the dispute belongs to someone else or is closed).',
	invalid_parameters: 'The request parameters are not valid.',
	invalid_payload: 'The request payload is not valid.',
	order_already_canceled: 'The order has already been canceled.',
	cant_create_user: 'The node could not create the user.',
	is_not_your_order: 'This order does not belong to you.',
	not_allowed_by_status: 'The current status does not allow this action.',
	out_of_range_fiat_amount: 'The fiat amount is out of the allowed range.',
	out_of_range_sats_amount: 'The sats amount is out of the allowed range.',
	price_too_stale: 'The price data is too old.',
	is_not_your_dispute: 'This dispute is assigned to another solver.',
	dispute_taken_by_admin: 'The node operator has taken over this dispute.',
	not_authorized: 'Your solver permission does not allow this action (read-only).',
	dispute_creation_error: 'The dispute could not be created.',
	not_found: 'The order or dispute was not found.',
	invalid_dispute_status: 'The dispute is not in a status that allows this action.',
	invalid_action: 'The action is not valid here.',
	pending_order_exists: 'A pending order already exists.',
	invalid_fiat_currency: 'The fiat currency is not accepted.',
	too_many_requests: 'Too many requests; try again later.',
	invalid_cashu_token: 'The Cashu token is not valid.',
	cashu_mint_unavailable: 'The Cashu mint is unavailable.',
	invalid_mint_url: 'The Cashu mint URL is not valid.',
	cashu_escrow_not_locked: 'The Cashu escrow is not locked.',
	cashu_signature_missing: 'A Cashu signature is missing.',
	maintenance_mode: 'The node is in maintenance: it refuses new orders and takes of orders; disputes and admin actions still work.'
};

const ES: Texts = {
	invalid_signature: 'La firma del mensaje no es válida.',
	invalid_trade_index: 'El índice de intercambio no es válido.',
	invalid_amount: 'El monto no es válido.',
	invalid_invoice: 'La factura Lightning no es válida.',
	invalid_payment_request: 'La solicitud de pago no es válida.',
	invalid_peer: 'La contraparte no es válida.',
	invalid_rating: 'La calificación no es válida.',
	invalid_text_message: 'El mensaje de texto falta o no es válido.',
	invalid_order_kind: 'El tipo de orden no es válido.',
	invalid_order_status: 'La orden no está en un estado que permita esta acción.',
	invalid_pubkey: 'Esta clave no puede hacer eso (no es mediador, o la disputa es de otra persona o está cerrada).',
	invalid_parameters: 'Los parámetros de la solicitud no son válidos.',
	invalid_payload: 'El contenido de la solicitud no es válido.',
	order_already_canceled: 'La orden ya fue cancelada.',
	cant_create_user: 'El nodo no pudo crear el usuario.',
	is_not_your_order: 'Esta orden no te pertenece.',
	not_allowed_by_status: 'El estado actual no permite esta acción.',
	out_of_range_fiat_amount: 'El monto en fiat está fuera del rango permitido.',
	out_of_range_sats_amount: 'El monto en sats está fuera del rango permitido.',
	price_too_stale: 'Los datos de precio son demasiado antiguos.',
	is_not_your_dispute: 'Esta disputa está asignada a otro mediador.',
	dispute_taken_by_admin: 'El operador del nodo tomó esta disputa.',
	not_authorized: 'Tu permiso de mediador no permite esta acción (solo lectura).',
	dispute_creation_error: 'No se pudo crear la disputa.',
	not_found: 'No se encontró la orden o la disputa.',
	invalid_dispute_status: 'La disputa no está en un estado que permita esta acción.',
	invalid_action: 'La acción no es válida aquí.',
	pending_order_exists: 'Ya existe una orden pendiente.',
	invalid_fiat_currency: 'La moneda fiat no es aceptada.',
	too_many_requests: 'Demasiadas solicitudes; inténtalo más tarde.',
	invalid_cashu_token: 'El token Cashu no es válido.',
	cashu_mint_unavailable: 'La casa de acuñación Cashu no está disponible.',
	invalid_mint_url: 'La URL de la casa de acuñación Cashu no es válida.',
	cashu_escrow_not_locked: 'El depósito en garantía Cashu no está bloqueado.',
	cashu_signature_missing: 'Falta una firma Cashu.',
	maintenance_mode: 'El nodo está en mantenimiento: rechaza órdenes nuevas y la toma de órdenes; las disputas y las acciones de administración siguen funcionando.'
};

const TEXTS: Record<CantDoLocale, Texts> = { en: EN, es: ES };
const UNKNOWN: Record<CantDoLocale, string> = {
	en: 'The node refused the request (reason: {reason}).',
	es: 'El nodo rechazó la solicitud (motivo: {reason}).'
};

/** Human-readable text for a reason; unknown reasons get a generic sentence naming the raw value. */
export function describeCantDo(reason: string | null, locale: CantDoLocale = 'en'): string {
	const r = normalizeCantDoReason(reason);
	const table = TEXTS[locale] ?? EN;
	return isCantDoReason(r) ? table[r] : (UNKNOWN[locale] ?? UNKNOWN.en).replace('{reason}', r);
}
