// NIP-44 v2 with the standard 65,535-byte plaintext cap (PROTOCOL.md §2.2, §2.3, §5).
// Wraps nostr-tools/nip44, which accepts longer plaintexts with a non-standard prefix; this
// module rejects them both ways. Must never return partially decrypted data or throw
// anything but ProtocolError.
import { decrypt, encrypt, getConversationKey as ntConversationKey } from 'nostr-tools/nip44';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ProtocolError } from './errors.ts';
import { isValidPubkey, isValidScalar } from './keys.ts';
import { defaultRandom, type RandomSource } from './random.ts';

export const NIP44_MAX_PLAINTEXT = 65535;
/** Largest standard payload: base64 of 1 + 32 + (2 + 65536) + 32 bytes. */
export const NIP44_MAX_PAYLOAD_CHARS = 87472;
export const NIP44_MIN_PAYLOAD_CHARS = 132;

/** NIP-44 conversation key between a secret key and an x-only pubkey (hex). */
export function getConversationKey(secret: Uint8Array, pubkeyHex: string): Uint8Array {
	if (!isValidScalar(secret)) throw new ProtocolError('invalid_key', 'secret key is out of range');
	if (!isValidPubkey(pubkeyHex)) throw new ProtocolError('invalid_key', 'public key is not on the curve');
	try {
		return ntConversationKey(secret, pubkeyHex);
	} catch {
		throw new ProtocolError('invalid_key', 'conversation key derivation failed');
	}
}

export function utf8Length(text: string): number {
	return utf8ToBytes(text).length;
}

export function encryptNip44(plaintext: string, conversationKey: Uint8Array, options: { nonce?: Uint8Array; random?: RandomSource } = {}): string {
	if (typeof plaintext !== 'string') throw new ProtocolError('invalid_argument', 'plaintext must be a string');
	const len = utf8Length(plaintext);
	if (len < 1) throw new ProtocolError('invalid_argument', 'plaintext must not be empty');
	if (len > NIP44_MAX_PLAINTEXT) throw new ProtocolError('too_large', 'plaintext exceeds 65,535 bytes');
	if (!(conversationKey instanceof Uint8Array) || conversationKey.length !== 32) {
		throw new ProtocolError('invalid_key', 'conversation key must be 32 bytes');
	}
	const nonce = options.nonce ?? (options.random ?? defaultRandom)(32);
	if (nonce.length !== 32) throw new ProtocolError('invalid_argument', 'nonce must be 32 bytes');
	try {
		return encrypt(plaintext, conversationKey, nonce);
	} catch (err) {
		throw new ProtocolError('invalid_argument', 'NIP-44 encryption failed', String(err));
	}
}

export function decryptNip44(payload: unknown, conversationKey: Uint8Array): string {
	if (typeof payload !== 'string') throw new ProtocolError('decrypt_failed', 'payload must be a string');
	if (payload.length > NIP44_MAX_PAYLOAD_CHARS) throw new ProtocolError('too_large', 'NIP-44 payload too long');
	if (payload.length < NIP44_MIN_PAYLOAD_CHARS) throw new ProtocolError('decrypt_failed', 'NIP-44 payload too short');
	if (!(conversationKey instanceof Uint8Array) || conversationKey.length !== 32) {
		throw new ProtocolError('invalid_key', 'conversation key must be 32 bytes');
	}
	let text: string;
	try {
		text = decrypt(payload, conversationKey);
	} catch (err) {
		throw new ProtocolError('decrypt_failed', 'NIP-44 decryption failed', err instanceof Error ? err.message : String(err));
	}
	if (utf8Length(text) > NIP44_MAX_PLAINTEXT) throw new ProtocolError('too_large', 'plaintext exceeds 65,535 bytes');
	return text;
}
