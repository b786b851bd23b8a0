import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { decryptAttachmentBlob, encryptAttachmentBlob } from '../../../src/lib/protocol/attachments.ts';
import { serializeMessage } from '../../../src/lib/protocol/canonical.ts';
import { buildChatChannelView, unwrapChatMessage } from '../../../src/lib/protocol/chat/unwrap.ts';
import { wrapChatMessage } from '../../../src/lib/protocol/chat/wrap.ts';
import { deriveChatKeys } from '../../../src/lib/protocol/chat/keys.ts';
import { unwrapLegacyChat, wrapLegacyChat } from '../../../src/lib/protocol/chat/legacy.ts';
import { isEventSignatureValid, parseEvent } from '../../../src/lib/protocol/event.ts';
import { parseMessageJson } from '../../../src/lib/protocol/message-parse.ts';
import { identityProofText, isIdentityProofValid, isMessageSignatureValid, messageDigest, signMessage, signText } from '../../../src/lib/protocol/message-signature.ts';
import { decryptNip44, getConversationKey } from '../../../src/lib/protocol/nip44.ts';
import { unwrapV2, wrapV2 } from '../../../src/lib/protocol/transport-v2.ts';
import A from '../../vectors/mostro/appendix-a.json';
import chatVectors from '../../vectors/mostro-chat.vectors.json';
import { aliceSk, bobSk, ephSk, K, mostroSk, ZERO32 } from './fixtures.ts';

const fill = (hex: string) => new Uint8Array(32).fill(parseInt(hex, 16));

describe('Appendix A.1 — canonical message and signatures', () => {
	const m = parseMessageJson(A.a1.message_json);
	it('re-serializes byte for byte and hashes to the vector', () => {
		expect(serializeMessage(m)).toBe(A.a1.message_json);
		expect(bytesToHex(messageDigest(A.a1.message_json))).toBe(A.a1.sha256);
	});
	it('trade signature by Alice (zero aux) is reproduced and verifies', () => {
		expect(signMessage(m, aliceSk, ZERO32)).toBe(A.a1.trade_sig_alice);
		expect(isMessageSignatureValid(m, A.a1.trade_sig_alice, K.alice_pubkey)).toBe(true);
		expect(isMessageSignatureValid(m, A.a1.trade_sig_alice, K.bob_pubkey)).toBe(false);
	});
	it('identity proof by Bob for trade key Alice', () => {
		const text = identityProofText(K.alice_pubkey, m);
		expect(bytesToHex(messageDigest(text))).toBe(A.a1.identity_proof_sha256);
		expect(signText(text, bobSk, ZERO32)).toBe(A.a1.identity_sig_bob);
		expect(isIdentityProofValid(K.alice_pubkey, m, [K.bob_pubkey, A.a1.identity_sig_bob])).toBe(true);
		expect(isIdentityProofValid(K.bob_pubkey, m, [K.bob_pubkey, A.a1.identity_sig_bob])).toBe(false);
	});
	it('settle message hash', () => {
		const s = parseMessageJson(A.a1.settle_json);
		expect(serializeMessage(s)).toBe(A.a1.settle_json);
		expect(bytesToHex(messageDigest(serializeMessage(s)))).toBe(A.a1.settle_sha256);
	});
});

describe('Appendix A.2 — protocol v2 request', () => {
	it('decodes with the Mostro key and verifies every signature', () => {
		expect(isEventSignatureValid(parseEvent(A.a2.event))).toBe(true);
		expect(bytesToHex(getConversationKey(aliceSk, K.mostro_pubkey))).toBe(A.a2.conversation_key);
		const env = unwrapV2(A.a2.event, mostroSk, {});
		expect(env.sender).toBe(K.alice_pubkey);
		expect(env.identity).toBe(K.alice_pubkey);
		expect(env.tradeSignature).toBe(A.a1.trade_sig_alice);
		expect(serializeMessage(env.message)).toBe(A.a1.message_json);
	});
	it('is rebuilt byte for byte from the same inputs', () => {
		const m = parseMessageJson(A.a1.message_json);
		const ev = wrapV2(m, {
			senderSecret: aliceSk,
			recipientPubkey: K.mostro_pubkey,
			now: 1700000000,
			expiration: 1702592000,
			signInner: true,
			nonce: fill(A.a2.nonce_byte),
			auxRandom: ZERO32
		});
		expect(ev).toEqual(A.a2.event);
	});
});

describe('Appendix A.3 — G2 chat envelope', () => {
	const kConv = hexToBytes(chatVectors.k_conv_secret);
	it('decodes with only K_conv and passes steps 1–13', () => {
		const view = buildChatChannelView(kConv, A.a3.outer.pubkey);
		expect(view.signPubkey).toBe(chatVectors.k_sign_pubkey);
		const r = unwrapChatMessage(A.a3.outer, { channel: view, allowedSigners: new Set([K.alice_pubkey, K.bob_pubkey]), now: 1700000000 });
		expect(r.ok).toBe(true);
		if (r.ok) expect(r.inner).toEqual(A.a3.inner);
		expect(isEventSignatureValid(parseEvent(A.a3.inner))).toBe(true);
	});
	it('is rebuilt byte for byte', () => {
		const keys = deriveChatKeys(hexToBytes(chatVectors.ecdh_shared_secret));
		const w = wrapChatMessage(aliceSk, keys, 'hello bob', { now: 1700000000, nonce: fill(A.a3.nonce_byte), auxRandom: ZERO32 });
		expect(w.inner).toEqual(A.a3.inner);
		expect(w.outer).toEqual(A.a3.outer);
	});
});

describe('Appendix A.4 — G1 chat gift wrap', () => {
	const shared = hexToBytes(chatVectors.ecdh_shared_secret);
	it('decodes with the shared secret and yields the same inner event', () => {
		expect(bytesToHex(getConversationKey(shared, K.ephemeral_pubkey))).toBe(A.a4.conversation_key);
		expect(bytesToHex(getConversationKey(ephSk, chatVectors.legacy_shared_pubkey))).toBe(A.a4.conversation_key);
		const r = unwrapLegacyChat(A.a4.event, { shared, allowedSigners: new Set([K.alice_pubkey, K.bob_pubkey]) });
		expect(r.ok).toBe(true);
		if (r.ok) {
			expect(r.generation).toBe('g1');
			expect(r.inner).toEqual(A.a3.inner);
			expect(r.text).toBe('hello bob');
		}
		expect(JSON.parse(decryptNip44(A.a4.event.content, hexToBytes(A.a4.conversation_key)))).toEqual(A.a3.inner);
	});
	it('is rebuilt byte for byte', () => {
		const w = wrapLegacyChat(aliceSk, shared, 'hello bob', {
			now: 1700000000,
			ephemeralSecret: ephSk,
			outerCreatedAt: A.a4.event.created_at,
			nonce: fill(A.a4.nonce_byte),
			auxRandom: ZERO32
		});
		expect(w.outer).toEqual(A.a4.event);
	});
});

describe('Appendix A.5 — attachment blob', () => {
	it('decrypts and re-encrypts', () => {
		const key = hexToBytes(A.a5.key);
		expect(new TextDecoder().decode(decryptAttachmentBlob(hexToBytes(A.a5.blob), key))).toBe(A.a5.plaintext_utf8);
		expect(bytesToHex(encryptAttachmentBlob(utf8ToBytes(A.a5.plaintext_utf8), key, { nonce: hexToBytes(A.a5.nonce) }))).toBe(A.a5.blob);
	});
});
