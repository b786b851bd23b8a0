import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { formatF64, serializeMessage } from '../../../src/lib/protocol/canonical.ts';
import { ACTIONS, buildMessage, isAction } from '../../../src/lib/protocol/message.ts';
import { isMessageAcceptable, parseMessageJson } from '../../../src/lib/protocol/message-parse.ts';
import { messageDigest } from '../../../src/lib/protocol/message-signature.ts';
import { ProtocolError } from '../../../src/lib/protocol/errors.ts';
import messages from '../../vectors/mostro/messages.json';
import legacy from '../../vectors/mostro/legacy-forms.json';

describe('canonical serializer', () => {
	it('has all 51 actions', () => {
		expect(ACTIONS.length).toBe(51);
		expect(new Set(ACTIONS).size).toBe(51);
	});
	for (const ex of messages.examples) {
		it(`reproduces §${ex.section}: ${ex.name}`, () => {
			const m = parseMessageJson(ex.json);
			expect(serializeMessage(m)).toBe(ex.json);
			if ('sha256' in ex && ex.sha256) expect(bytesToHex(messageDigest(serializeMessage(m)))).toBe(ex.sha256);
		});
	}
	for (const c of legacy.cases) {
		it(`parses legacy form: ${c.name}`, () => {
			expect(serializeMessage(parseMessageJson(c.input))).toBe(c.canonical);
		});
	}
	it('writes f64 like serde', () => {
		expect(formatF64(1)).toBe('1.0');
		expect(formatF64(4.5)).toBe('4.5');
		expect(formatF64(0)).toBe('0.0');
	});
	it('omits id when absent and writes nulls otherwise', () => {
		const m = buildMessage({ variant: 'restore', action: 'restore-session' });
		expect(serializeMessage(m)).toBe('{"restore":{"version":2,"request_id":null,"trade_index":null,"action":"restore-session","payload":null}}');
	});
	it('escapes strings like serde', () => {
		const m = buildMessage({ variant: 'dm', action: 'send-dm', id: '8397BC78-7C98-4B4F-BB49-40C7101391B0', payload: { text_message: 'a"b\\c\n\u0001é/' } });
		expect(serializeMessage(m)).toBe('{"dm":{"version":2,"request_id":null,"trade_index":null,"id":"8397bc78-7c98-4b4f-bb49-40c7101391b0","action":"send-dm","payload":{"text_message":"a\\"b\\\\c\\n\\u0001é/"}}}');
	});
	it('keeps unknown actions raw', () => {
		const m = parseMessageJson('{"order":{"version":2,"request_id":null,"trade_index":null,"action":"new-thing","payload":null}}');
		expect(m.kind.action).toBe('new-thing');
		expect(isAction(m.kind.action)).toBe(false);
	});
	it('rejects malformed messages with typed errors', () => {
		for (const bad of ['', '[]', '{}', '{"order":1}', '{"x":{}}', '{"order":{},"dispute":{}}', '{"order":{"version":2,"action":"cancel","payload":{"a":1,"b":2}}}', '{"order":{"version":2,"action":"cancel","id":"nope","payload":null}}']) {
			expect(() => parseMessageJson(bad), bad).toThrow(ProtocolError);
		}
	});
});

describe('verify() matrix (§3.5)', () => {
	const parse = (s: string) => parseMessageJson(s).kind;
	it('admin-settle needs an id and null or bond_resolution', () => {
		expect(isMessageAcceptable(parse(messages.examples[6]!.json))).toBe(true);
		expect(isMessageAcceptable(parse('{"order":{"version":2,"request_id":null,"trade_index":null,"action":"admin-settle","payload":null}}'))).toBe(false);
		expect(isMessageAcceptable(parse('{"order":{"version":2,"request_id":null,"trade_index":null,"id":"efc75871-2568-40b9-a6ee-c382d4d6de01","action":"admin-settle","payload":{"text_message":"x"}}}'))).toBe(false);
	});
	it('admin-add-solver requires an id; other actions refuse bond_resolution', () => {
		expect(isMessageAcceptable(parse('{"dispute":{"version":2,"request_id":99,"trade_index":null,"action":"admin-add-solver","payload":{"text_message":"npub1x"}}}'))).toBe(false);
		expect(
			isMessageAcceptable(
				parse('{"dispute":{"version":2,"request_id":null,"trade_index":null,"id":"efc75871-2568-40b9-a6ee-c382d4d6de01","action":"admin-take-dispute","payload":{"bond_resolution":{"slash_seller":true,"slash_buyer":true}}}}')
			)
		).toBe(false);
	});
	it('restore-session must carry a null payload; unknown actions fail', () => {
		expect(isMessageAcceptable(parse(messages.examples[13]!.json))).toBe(true);
		expect(isMessageAcceptable(parse('{"order":{"version":2,"request_id":null,"trade_index":null,"id":"efc75871-2568-40b9-a6ee-c382d4d6de01","action":"zzz","payload":null}}'))).toBe(false);
	});
});
