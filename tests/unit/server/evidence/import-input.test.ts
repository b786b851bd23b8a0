// The one reader of an evidence key import (the evidence page's form and the API): form text and
// JSON give the same input, and each bad field is a Refusal naming it with its own message.
import { describe, expect, it } from 'vitest';
import { parseEvidenceImport } from '../../../../src/lib/server/evidence/import-input.ts';
import { isRefusal, type Refusal } from '../../../../src/lib/server/errors.ts';
import { translate } from '../../../../src/lib/i18n/index.ts';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const KEY = 'ab'.repeat(32);

function refusalOf(raw: Record<string, unknown>): Refusal {
	try {
		parseEvidenceImport(raw, NOW);
	} catch (error) {
		if (isRefusal(error)) return error;
		throw error;
	}
	throw new Error('accepted');
}

describe('parseEvidenceImport', () => {
	it.each([
		['a pasted key (JSON)', { key: KEY, disclosedBy: 'buyer', via: 'out_of_band' }, { secret: KEY, sourceMessageId: null, disclosedBy: 'buyer', via: 'out_of_band', disclosedAt: null }],
		[
			'a pasted key with a time (form text)',
			{ key: KEY, disclosedBy: 'seller', via: 'dispute_chat', disclosedAt: '2026-05-31T10:00' },
			{ secret: KEY, sourceMessageId: null, disclosedBy: 'seller', via: 'dispute_chat', disclosedAt: Date.UTC(2026, 4, 31, 10, 0) }
		],
		['a chat message (JSON number)', { messageId: 42 }, { secret: '', sourceMessageId: 42, disclosedBy: 'unknown', via: 'out_of_band', disclosedAt: null }],
		['a chat message (form text), key ignored', { messageId: '42', key: KEY, disclosedBy: '', via: '' }, { secret: '', sourceMessageId: 42, disclosedBy: 'unknown', via: 'out_of_band', disclosedAt: null }],
		['an empty message id means a pasted key', { messageId: '', key: KEY, disclosedBy: 'unknown', via: 'out_of_band' }, { secret: KEY, sourceMessageId: null, disclosedBy: 'unknown', via: 'out_of_band', disclosedAt: null }]
	])('accepts %s', (_name, raw, expected) => {
		expect(parseEvidenceImport(raw, NOW)).toEqual(expected);
	});

	it.each([
		['a negative message id', { messageId: -3 }, 'messageId', 'evidence.error.message_id'],
		['a fractional message id', { messageId: 1.5 }, 'messageId', 'evidence.error.message_id'],
		['a message id in words', { messageId: 'seven' }, 'messageId', 'evidence.error.message_id'],
		['no key', { disclosedBy: 'buyer', via: 'out_of_band' }, 'key', 'evidence.error.key'],
		['a blank key', { key: '   ', disclosedBy: 'buyer', via: 'out_of_band' }, 'key', 'evidence.error.key'],
		['an overlong key', { key: 'a'.repeat(201), disclosedBy: 'buyer', via: 'out_of_band' }, 'key', 'evidence.error.key'],
		['a key that is not text', { key: 42, disclosedBy: 'buyer', via: 'out_of_band' }, 'key', 'evidence.error.key'],
		['an unknown discloser', { key: KEY, disclosedBy: 'mediator', via: 'out_of_band' }, 'disclosedBy', 'evidence.error.disclosed_by'],
		['no way of disclosure', { key: KEY, disclosedBy: 'buyer' }, 'via', 'evidence.error.via'],
		['an impossible date', { key: KEY, disclosedBy: 'buyer', via: 'out_of_band', disclosedAt: '2026-02-30' }, 'disclosedAt', 'evidence.error.disclosed_at'],
		['a time in the future', { key: KEY, disclosedBy: 'buyer', via: 'out_of_band', disclosedAt: '2027-01-01' }, 'disclosedAt', 'evidence.error.disclosed_at'],
		['a time that is not text', { messageId: 4, disclosedAt: 12 }, 'disclosedAt', 'evidence.error.disclosed_at']
	])('refuses %s', (_name, raw, field, messageKey) => {
		const refusal = refusalOf(raw);
		expect(refusal).toMatchObject({ code: 'invalid_input', field, messageKey });
		for (const locale of ['en', 'es'] as const) expect(translate(locale, refusal.messageKey)).not.toBe(refusal.messageKey);
	});

	it('never puts the key in a refusal', () => {
		const refusal = refusalOf({ key: KEY, disclosedBy: 'nobody', via: 'out_of_band' });
		expect(`${refusal.message} ${translate('en', refusal.messageKey)}`).not.toContain(KEY);
	});
});
