// CantDoReason values and their human-readable text (PROTOCOL.md §3.6, §4.9); the texts in the
// console's four languages live in cant-do-texts.ts.
// `maintenance_mode` (mostro-core 0.14.6, UPSTREAM-0.19.md §7, §10.3). Unknown reasons are kept
// raw and get a generic text naming them. Must never throw on odd input.
import { CANT_DO_TEXTS, CANT_DO_UNKNOWN, type CantDoLocale } from './cant-do-texts.ts';

export type { CantDoLocale };

export const CANT_DO_REASONS = [
	'invalid_signature',
	'invalid_trade_index',
	'invalid_amount',
	'invalid_invoice',
	'invalid_payment_request',
	'invalid_peer',
	'invalid_rating',
	'invalid_text_message',
	'invalid_order_kind',
	'invalid_order_status',
	'invalid_pubkey',
	'invalid_parameters',
	'invalid_payload',
	'order_already_canceled',
	'cant_create_user',
	'is_not_your_order',
	'not_allowed_by_status',
	'out_of_range_fiat_amount',
	'out_of_range_sats_amount',
	'price_too_stale',
	'is_not_your_dispute',
	'dispute_taken_by_admin',
	'not_authorized',
	'dispute_creation_error',
	'not_found',
	'invalid_dispute_status',
	'invalid_action',
	'pending_order_exists',
	'invalid_fiat_currency',
	'too_many_requests',
	'invalid_cashu_token',
	'cashu_mint_unavailable',
	'invalid_mint_url',
	'cashu_escrow_not_locked',
	'cashu_signature_missing',
	'maintenance_mode'
] as const;

export type CantDoReason = (typeof CANT_DO_REASONS)[number];

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

/** Human-readable text for a reason; unknown reasons get a generic sentence naming the raw value. */
export function describeCantDo(reason: string | null, locale: CantDoLocale = 'en'): string {
	const r = normalizeCantDoReason(reason);
	const table = CANT_DO_TEXTS[locale] ?? CANT_DO_TEXTS.en;
	return isCantDoReason(r) ? table[r] : (CANT_DO_UNKNOWN[locale] ?? CANT_DO_UNKNOWN.en).replace('{reason}', r);
}
