import { expand } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { v2 as ntV2 } from 'nostr-tools/nip44';
import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../src/lib/protocol/errors.ts';
import { decryptNip44, encryptNip44, getConversationKey, NIP44_MAX_PLAINTEXT } from '../../../src/lib/protocol/nip44.ts';
import { getPubkey } from '../../../src/lib/protocol/keys.ts';
import vectors from '../../vectors/nip44.vectors.json';

const V = vectors.v2;

function expectCode(fn: () => unknown, code: string) {
	try {
		fn();
	} catch (err) {
		expect(err).toBeInstanceOf(ProtocolError);
		expect((err as ProtocolError).code).toBe(code);
		return;
	}
	throw new Error('expected a ProtocolError');
}

describe('NIP-44 official vectors: valid', () => {
	it('get_conversation_key', () => {
		for (const v of V.valid.get_conversation_key) {
			expect(bytesToHex(getConversationKey(hexToBytes(v.sec1), v.pub2))).toBe(v.conversation_key);
		}
	});

	it('get_message_keys (HKDF-expand of the conversation key, 76 bytes)', () => {
		const ck = hexToBytes(V.valid.get_message_keys.conversation_key);
		for (const k of V.valid.get_message_keys.keys) {
			const keys = expand(sha256, ck, hexToBytes(k.nonce), 76);
			expect(bytesToHex(keys.subarray(0, 32))).toBe(k.chacha_key);
			expect(bytesToHex(keys.subarray(32, 44))).toBe(k.chacha_nonce);
			expect(bytesToHex(keys.subarray(44, 76))).toBe(k.hmac_key);
			expect(decryptNip44(encryptNip44('x', ck, { nonce: hexToBytes(k.nonce) }), ck)).toBe('x');
		}
	});

	it('calc_padded_len', () => {
		for (const [len, padded] of V.valid.calc_padded_len) expect(ntV2.utils.calcPaddedLen(len as number)).toBe(padded);
	});

	it('encrypt_decrypt', () => {
		for (const v of V.valid.encrypt_decrypt) {
			const ck = getConversationKey(hexToBytes(v.sec1), getPubkey(hexToBytes(v.sec2)));
			expect(bytesToHex(ck)).toBe(v.conversation_key);
			expect(encryptNip44(v.plaintext, ck, { nonce: hexToBytes(v.nonce) })).toBe(v.payload);
			expect(decryptNip44(v.payload, ck)).toBe(v.plaintext);
		}
	});

	it('encrypt_decrypt_long_msg (65,535-byte boundary)', () => {
		for (const v of V.valid.encrypt_decrypt_long_msg) {
			const plaintext = v.pattern.repeat(v.repeat);
			expect(bytesToHex(sha256(utf8ToBytes(plaintext)))).toBe(v.plaintext_sha256);
			const ck = hexToBytes(v.conversation_key);
			const payload = encryptNip44(plaintext, ck, { nonce: hexToBytes(v.nonce) });
			expect(bytesToHex(sha256(utf8ToBytes(payload)))).toBe(v.payload_sha256);
			expect(decryptNip44(payload, ck)).toBe(plaintext);
		}
	});
});

describe('NIP-44 official vectors: invalid', () => {
	it('encrypt_msg_lengths: 0 and >65,535 bytes are rejected cleanly', () => {
		const ck = new Uint8Array(32).fill(1);
		for (const len of V.invalid.encrypt_msg_lengths) {
			const code = len === 0 ? 'invalid_argument' : 'too_large';
			expectCode(() => encryptNip44('a'.repeat(len), ck), code);
		}
	});

	it('a non-standard (extended-prefix) payload from nostr-tools is refused on decrypt', () => {
		const ck = new Uint8Array(32).fill(7);
		const payload = ntV2.encrypt('b'.repeat(NIP44_MAX_PLAINTEXT + 1), ck);
		expectCode(() => decryptNip44(payload, ck), 'too_large');
	});

	it('get_conversation_key', () => {
		for (const v of V.invalid.get_conversation_key) {
			expectCode(() => getConversationKey(hexToBytes(v.sec1), v.pub2), 'invalid_key');
		}
	});

	it('decrypt', () => {
		for (const v of V.invalid.decrypt) {
			expect(() => decryptNip44(v.payload, hexToBytes(v.conversation_key)), v.note).toThrow(ProtocolError);
		}
	});
});
