// The one reader of a chat text (the case page's form and the API): the party and the text, a
// Refusal naming the bad field otherwise; the length rule stays with the chat service.
import { describe, expect, it } from 'vitest';
import { parseChatParty, parseChatText } from '../../../../../src/lib/server/mostro/dispute-chat/chat-send.ts';
import { translate } from '../../../../../src/lib/i18n/index.ts';

describe('parseChatText', () => {
	it.each([
		['to the buyer', { party: 'buyer', text: 'Hello' }, { party: 'buyer', text: 'Hello' }],
		['to the seller, empty text (refused by the chat rules)', { party: 'seller', text: '' }, { party: 'seller', text: '' }]
	])('accepts a message %s', (_name, raw, expected) => {
		expect(parseChatText(raw)).toEqual(expected);
	});

	it.each([
		['no party', { text: 'Hello' }, 'party', 'chat.error.party'],
		['an unknown party', { party: 'mediator', text: 'Hello' }, 'party', 'chat.error.party'],
		['no text', { party: 'buyer' }, 'text', 'chat.error.length'],
		['a text that is not text', { party: 'buyer', text: 42 }, 'text', 'chat.error.length']
	])('refuses %s', (_name, raw, field, messageKey) => {
		expect(() => parseChatText(raw)).toThrow(expect.objectContaining({ code: 'invalid_input', field, messageKey }));
		for (const locale of ['en', 'es'] as const) expect(translate(locale, messageKey)).not.toBe(messageKey);
	});

	it('reads the party alone for a file', () => {
		expect(parseChatParty({ party: 'seller' })).toBe('seller');
		expect(() => parseChatParty({ party: '' })).toThrow(expect.objectContaining({ field: 'party' }));
	});
});
