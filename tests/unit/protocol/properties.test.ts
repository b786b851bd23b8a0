import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChatContent, parseEncryptedAttachment } from '../../../src/lib/protocol/attachments.ts';
import { classifyEvidenceSecret } from '../../../src/lib/protocol/chat/evidence.ts';
import { unwrapLegacyChat } from '../../../src/lib/protocol/chat/legacy.ts';
import { buildChatChannelView, unwrapChatMessage } from '../../../src/lib/protocol/chat/unwrap.ts';
import { serializeMessage } from '../../../src/lib/protocol/canonical.ts';
import { ProtocolError } from '../../../src/lib/protocol/errors.ts';
import { parseEvent, parseEventJson, signEvent } from '../../../src/lib/protocol/event.ts';
import { parseDisputeEvent } from '../../../src/lib/protocol/events/dispute-event.ts';
import { parseInstanceInfo } from '../../../src/lib/protocol/events/instance-info.ts';
import { parseOrderEvent, parseRatingEvent } from '../../../src/lib/protocol/events/order-event.ts';
import { parsePubkey, parseSecretKey } from '../../../src/lib/protocol/keys.ts';
import { parseMessage, parseMessageJson } from '../../../src/lib/protocol/message-parse.ts';
import { decryptNip44 } from '../../../src/lib/protocol/nip44.ts';
import { parsePayload, parseSmallOrder, parseSolverDisputeInfo } from '../../../src/lib/protocol/payload-parse.ts';
import { parseSolverSpec } from '../../../src/lib/protocol/actions/admin-add-solver.ts';
import { unwrapV1 } from '../../../src/lib/protocol/transport-v1.ts';
import { unwrapV2 } from '../../../src/lib/protocol/transport-v2.ts';
import messages from '../../vectors/mostro/messages.json';
import { K, mostroSk, sk } from './fixtures.ts';

const RUNS = 150;
const M = K.mostro_pubkey;

/** Only ProtocolError may escape. */
function onlyTyped(fn: () => unknown): void {
	try {
		fn();
	} catch (err) {
		if (!(err instanceof ProtocolError)) throw err;
	}
}

const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(''));
const tag = fc.array(fc.oneof(fc.constantFrom('d', 's', 'z', 'p', 'initiator', 'created_at', 'published_at', 'pow', 'protocol_version', 'fa', 'pm', 'rating', 'amt', 'y'), fc.string()), { maxLength: 4 });
const eventLike = fc.record(
	{
		id: fc.oneof(hex64, fc.string()),
		pubkey: fc.oneof(fc.constant(M), hex64, fc.string()),
		created_at: fc.oneof(fc.integer({ min: 0, max: 2 ** 40 }), fc.double(), fc.string()),
		kind: fc.oneof(fc.constantFrom(14, 1059, 38383, 38384, 38385, 38386, 1, 13), fc.integer()),
		tags: fc.oneof(fc.array(tag, { maxLength: 6 }), fc.anything()),
		content: fc.oneof(fc.string(), fc.base64String({ minLength: 132, maxLength: 400 }), fc.anything()),
		sig: fc.oneof(
			hex64.map((h) => h + h),
			fc.string()
		)
	},
	{ requiredKeys: [] }
);
const anyInput = fc.oneof(fc.anything(), fc.jsonValue(), eventLike);

/** Signed events with arbitrary tags: reach past the signature check into the tag readers. */
const signedPublic = fc
	.record({ kind: fc.constantFrom(38383, 38384, 38385, 38386), tags: fc.array(tag, { maxLength: 8 }) })
	.map(({ kind, tags }) => signEvent({ kind, created_at: 1_700_000_000, tags: tags.filter((t) => t.length > 0), content: '' }, mostroSk));

describe('property: parse* never throws anything but ProtocolError', () => {
	it('event and message parsers on arbitrary values', () => {
		fc.assert(
			fc.property(anyInput, (v) => {
				onlyTyped(() => parseEvent(v));
				onlyTyped(() => parseMessage(v));
				onlyTyped(() => parsePayload(v));
				onlyTyped(() => parseSmallOrder(v));
				onlyTyped(() => parseSolverDisputeInfo(v));
				onlyTyped(() => parseEncryptedAttachment(v));
				onlyTyped(() => parseSecretKey(v));
				onlyTyped(() => parsePubkey(v));
				onlyTyped(() => parseSolverSpec(v));
			}),
			{ numRuns: RUNS * 2 }
		);
		expect(true).toBe(true);
	});
	it('JSON-text parsers on arbitrary strings', () => {
		fc.assert(
			fc.property(fc.oneof(fc.string(), fc.json()), (s) => {
				onlyTyped(() => parseEventJson(s));
				onlyTyped(() => parseMessageJson(s));
				expect(parseChatContent(s).type).toMatch(/text|attachment/);
				onlyTyped(() => decryptNip44(s, new Uint8Array(32)));
			}),
			{ numRuns: RUNS }
		);
	});
	it('public-event parsers on arbitrary and on signed events with arbitrary tags', () => {
		fc.assert(
			fc.property(fc.oneof(anyInput, signedPublic), (v) => {
				onlyTyped(() => parseInstanceInfo(v, M));
				onlyTyped(() => parseDisputeEvent(v, M));
				onlyTyped(() => parseOrderEvent(v, M));
				onlyTyped(() => parseRatingEvent(v, M));
			}),
			{ numRuns: RUNS }
		);
		expect(true).toBe(true);
	});
	it('transport unwrappers on arbitrary events', () => {
		fc.assert(
			fc.property(anyInput, (v) => {
				onlyTyped(() => unwrapV2(v, mostroSk));
				onlyTyped(() => unwrapV1(v, mostroSk));
			}),
			{ numRuns: RUNS }
		);
		expect(true).toBe(true);
	});
	it('chat unwrappers return a result and never throw', () => {
		const view = buildChatChannelView(sk(7), K.alice_pubkey);
		fc.assert(
			fc.property(anyInput, (v) => {
				const r = unwrapChatMessage(v, { channel: view, allowedSigners: new Set([K.bob_pubkey]), now: 1_700_000_000 });
				expect(r.ok).toBe(false);
				expect(unwrapLegacyChat(v, { shared: sk(8), allowedSigners: new Set() }).ok).toBe(false);
			}),
			{ numRuns: RUNS }
		);
	});
	it('evidence classification rejects with typed errors only', () => {
		fc.assert(
			fc.property(fc.anything(), fc.oneof(hex64, fc.string()), (s, p) => {
				onlyTyped(() => classifyEvidenceSecret(s, p, M));
			}),
			{ numRuns: RUNS }
		);
		expect(true).toBe(true);
	});
	it('mutating a documented message: parse either fails typed or re-serializes to a parseable fixed point', () => {
		const bases = messages.examples.map((e) => JSON.parse(e.json) as Record<string, Record<string, unknown>>);
		const field = fc.constantFrom('version', 'request_id', 'trade_index', 'id', 'action', 'payload');
		fc.assert(
			fc.property(fc.constantFrom(...bases), field, fc.jsonValue(), (base, f, value) => {
				const variant = Object.keys(base)[0] as string;
				const mutated = { [variant]: { ...base[variant], [f]: value } };
				try {
					const m = parseMessage(mutated);
					const again = serializeMessage(parseMessageJson(serializeMessage(m)));
					expect(again).toBe(serializeMessage(m));
				} catch (err) {
					if (!(err instanceof ProtocolError)) throw err;
				}
			}),
			{ numRuns: RUNS * 2 }
		);
	});
});
