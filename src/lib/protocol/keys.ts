// Key encodings and checks: 32-byte hex, npub, nsec, x-only pubkeys (PROTOCOL.md §0, §5.5).
// Pure: no I/O. Must never log or embed secret keys in error messages.
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { decode as decodeNip19, npubEncode, nsecEncode } from 'nostr-tools/nip19';
import { ProtocolError } from './errors.ts';

const HEX64 = /^[0-9a-f]{64}$/;
const CURVE_N = secp256k1.Point.CURVE().n;

export function isHex64(value: unknown): value is string {
	return typeof value === 'string' && HEX64.test(value);
}

export function isHex(value: unknown, bytes: number): value is string {
	return typeof value === 'string' && value.length === bytes * 2 && /^[0-9a-f]*$/.test(value);
}

export function toHex(bytes: Uint8Array): string {
	return bytesToHex(bytes);
}

export function fromHex(hex: string): Uint8Array {
	if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
		throw new ProtocolError('invalid_argument', 'not a hex string');
	}
	return hexToBytes(hex.toLowerCase());
}

/** True when the 32 bytes are a valid secp256k1 secret scalar (0 < k < n). */
export function isValidScalar(bytes: Uint8Array): boolean {
	if (!(bytes instanceof Uint8Array) || bytes.length !== 32) return false;
	const k = BigInt('0x' + bytesToHex(bytes));
	return k > 0n && k < CURVE_N;
}

/** True when `hex` is a 64-char lowercase x-only key that lifts to a curve point. */
export function isValidPubkey(hex: unknown): hex is string {
	if (!isHex64(hex)) return false;
	try {
		schnorr.utils.lift_x(BigInt('0x' + hex));
		return true;
	} catch {
		return false;
	}
}

/** x-only public key (hex) of a secret key. */
export function getPubkey(secret: Uint8Array): string {
	if (!isValidScalar(secret)) throw new ProtocolError('invalid_key', 'secret key is not a valid scalar');
	return bytesToHex(schnorr.getPublicKey(secret));
}

/** Accepts 64-hex (optionally `0x`-prefixed, any case, surrounding whitespace) or `nsec1…`. */
export function parseSecretKey(input: unknown): Uint8Array {
	if (typeof input !== 'string') throw new ProtocolError('invalid_key', 'secret key must be a string');
	let s = input.trim();
	let bytes: Uint8Array;
	if (s.startsWith('nsec1')) {
		try {
			const d = decodeNip19(s);
			if (d.type !== 'nsec') throw new Error('not nsec');
			bytes = d.data;
		} catch {
			throw new ProtocolError('invalid_key', 'invalid nsec');
		}
	} else {
		if (s.startsWith('0x') || s.startsWith('0X')) s = s.slice(2);
		s = s.toLowerCase();
		if (!HEX64.test(s)) throw new ProtocolError('invalid_key', 'secret key must be 64 hex characters or nsec');
		bytes = hexToBytes(s);
	}
	if (!isValidScalar(bytes)) throw new ProtocolError('invalid_key', 'secret key is out of range');
	return bytes;
}

/** Accepts 64-hex x-only (any case) or `npub1…`; returns lowercase hex of a valid point. */
export function parsePubkey(input: unknown): string {
	if (typeof input !== 'string') throw new ProtocolError('invalid_key', 'public key must be a string');
	const s = input.trim();
	let hex: string;
	if (s.startsWith('npub1')) {
		try {
			const d = decodeNip19(s);
			if (d.type !== 'npub') throw new Error('not npub');
			hex = d.data;
		} catch {
			throw new ProtocolError('invalid_key', 'invalid npub');
		}
	} else {
		hex = s.toLowerCase();
	}
	if (!isValidPubkey(hex)) throw new ProtocolError('invalid_key', 'not a valid x-only public key');
	return hex;
}

export function encodeNpub(pubkeyHex: string): string {
	if (!isValidPubkey(pubkeyHex)) throw new ProtocolError('invalid_key', 'not a valid x-only public key');
	return npubEncode(pubkeyHex);
}

export function encodeNsec(secret: Uint8Array): string {
	if (!isValidScalar(secret)) throw new ProtocolError('invalid_key', 'secret key is out of range');
	return nsecEncode(secret);
}
