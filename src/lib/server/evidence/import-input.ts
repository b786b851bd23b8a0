// The one reader of an evidence key import, shared by the evidence page's form and
// POST /api/v1/disputes/:id/evidence (PRODUCT.md capability 5): either `messageId` (a chat
// message in which a party disclosed its key) or `key` with `disclosedBy` and `via`, and an
// optional `disclosedAt`. Form fields arrive as text, JSON fields typed; both are accepted here.
// Bad input is a Refusal(invalid_input) naming the field. Never logs or echoes the key.
import { Refusal } from '../errors.ts';
import { parseDisclosureTime } from './disclosure-time.ts';
import type { DisclosedBy, DisclosedVia, ImportInput } from './key-import.ts';

const KEY_MAX = 200;
const BY: readonly DisclosedBy[] = ['buyer', 'seller', 'unknown'];
const VIA: readonly DisclosedVia[] = ['dispute_chat', 'out_of_band'];

/** A positive whole number (typed or as text), null when absent, undefined when malformed. */
function positiveId(value: unknown): number | null | undefined {
	if (value === undefined || value === null || value === '') return null;
	const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : NaN;
	return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T => typeof value === 'string' && (list as readonly string[]).includes(value);

/** `now`: the clock the disclosure time is checked against (not in the future). */
export function parseEvidenceImport(raw: Record<string, unknown>, now: number): ImportInput {
	const messageId = positiveId(raw.messageId);
	if (messageId === undefined) throw new Refusal('invalid_input', 'evidence.error.message_id', { field: 'messageId' });
	const { key, disclosedBy, via } = raw;
	if (messageId === null) {
		if (typeof key !== 'string' || key.trim() === '' || key.length > KEY_MAX) throw new Refusal('invalid_input', 'evidence.error.key', { field: 'key' });
		if (!isOneOf(BY, disclosedBy)) throw new Refusal('invalid_input', 'evidence.error.disclosed_by', { field: 'disclosedBy' });
		if (!isOneOf(VIA, via)) throw new Refusal('invalid_input', 'evidence.error.via', { field: 'via' });
	}
	const at = parseDisclosureTime(raw.disclosedAt, now);
	if (!at.ok) throw new Refusal('invalid_input', 'evidence.error.disclosed_at', { field: 'disclosedAt' });
	return {
		secret: messageId === null && typeof key === 'string' ? key : '',
		sourceMessageId: messageId,
		disclosedBy: isOneOf(BY, disclosedBy) ? disclosedBy : 'unknown',
		via: isOneOf(VIA, via) ? via : 'out_of_band',
		disclosedAt: at.at
	};
}
