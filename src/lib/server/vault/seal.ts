// Seals secrets at rest with XChaCha20-Poly1305 (@noble/ciphers) under the console's
// key-encryption key. The purpose label is bound as associated data, so a sealed value
// cannot be moved to another slot. Never logs or returns plaintext except to its caller.
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { randomBytes } from '@noble/ciphers/utils.js';

const PREFIX = 'v1.';
const encoder = new TextEncoder();

export class SealError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'SealError';
	}
}

function toBase64Url(bytes: Uint8Array): string {
	return Buffer.from(bytes).toString('base64url');
}

function fromBase64Url(text: string): Uint8Array {
	return new Uint8Array(Buffer.from(text, 'base64url'));
}

export interface Sealer {
	seal(plaintext: Uint8Array, purpose: string): string;
	open(sealed: string, purpose: string): Uint8Array;
}

export function createSealer(key: Uint8Array): Sealer {
	if (key.length !== 32) throw new SealError('the key-encryption key must be 32 bytes');
	const kek = Uint8Array.from(key);
	return {
		seal(plaintext, purpose) {
			const nonce = randomBytes(24);
			const ciphertext = xchacha20poly1305(kek, nonce, encoder.encode(purpose)).encrypt(plaintext);
			const out = new Uint8Array(nonce.length + ciphertext.length);
			out.set(nonce);
			out.set(ciphertext, nonce.length);
			return PREFIX + toBase64Url(out);
		},
		open(sealed, purpose) {
			if (!sealed.startsWith(PREFIX)) throw new SealError('sealed value has an unknown format');
			const bytes = fromBase64Url(sealed.slice(PREFIX.length));
			if (bytes.length < 24 + 16) throw new SealError('sealed value is truncated');
			try {
				return xchacha20poly1305(kek, bytes.subarray(0, 24), encoder.encode(purpose)).decrypt(bytes.subarray(24));
			} catch {
				throw new SealError('sealed value cannot be opened: wrong key, wrong purpose or tampered data');
			}
		}
	};
}

export function sealText(sealer: Sealer, text: string, purpose: string): string {
	return sealer.seal(encoder.encode(text), purpose);
}

export function openText(sealer: Sealer, sealed: string, purpose: string): string {
	return new TextDecoder().decode(sealer.open(sealed, purpose));
}
