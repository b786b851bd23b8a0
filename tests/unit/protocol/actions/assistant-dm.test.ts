// The assistant solver's send-dm texts (UPSTREAM-0.19.md §8) against tests/vectors/mostro/assistant-dm.json,
// the message shape check, and the size cap.
import { describe, expect, it } from 'vitest';
import vectors from '../../../vectors/mostro/assistant-dm.json';
import { MAX_ASSISTANT_TEXT, parseAssistantDmText, readSendDmText } from '../../../../src/lib/protocol/actions/assistant-dm.ts';
import type { Message } from '../../../../src/lib/protocol/message.ts';

const ID = '3f1c2a9e-5b7d-4e21-9c0a-7d2e8f4b6a11';

describe('assistant send-dm text', () => {
	for (const vector of vectors.texts) {
		it(vector.name, () => {
			expect(parseAssistantDmText(vector.text)).toEqual(vector.parsed);
		});
	}

	it('refuses what is not a string', () => {
		expect(parseAssistantDmText(null)).toBeNull();
		expect(parseAssistantDmText({ text: 'x' })).toBeNull();
	});

	it('caps the body', () => {
		const parsed = parseAssistantDmText(`Dispute ${ID} · transcript\n${'x'.repeat(MAX_ASSISTANT_TEXT * 2)}`);
		expect(parsed?.body.length).toBeLessThan(MAX_ASSISTANT_TEXT);
	});

	it('reads the text of a dm/send-dm message only', () => {
		const dm: Message = { variant: 'dm', kind: { version: 2, request_id: null, trade_index: null, id: ID, action: 'send-dm', payload: { text_message: `Dispute ${ID} · new` } } };
		expect(readSendDmText(dm)).toBe(`Dispute ${ID} · new`);
		expect(readSendDmText({ ...dm, variant: 'order' })).toBeNull();
		expect(readSendDmText({ variant: 'dm', kind: { ...dm.kind, action: 'admin-took-dispute' } })).toBeNull();
		expect(readSendDmText({ variant: 'dm', kind: { ...dm.kind, payload: null } })).toBeNull();
	});
});
