// Encrypted chat attachments (Mostro Mobile format): parse `image_encrypted` / `file_encrypted`
// content, map blossom URLs, verify the blob's SHA-256 against the URL, and open
// ChaCha20-Poly1305 blobs `nonce(12) ‖ ciphertext ‖ tag(16)` (PROTOCOL.md §5.7, Appendix A.5).
// Key = the channel's raw ECDH secret or an inline base64 `key`, never K_conv. Must never fetch,
// and never decrypt a blob larger than 25 MB or one whose hash does not match.
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { ProtocolError } from './errors.ts';
import { defaultRandom, type RandomSource } from './random.ts';
import { isJsonObject } from './struct-read.ts';

/** 25 MB cap on downloaded blobs. */
export const ATTACHMENT_MAX_BYTES = 25 * 1024 * 1024;
export const ATTACHMENT_NONCE_BYTES = 12;
export const ATTACHMENT_TAG_BYTES = 16;

export type AttachmentType = 'image_encrypted' | 'file_encrypted';

export interface EncryptedAttachment {
	type: AttachmentType;
	blossom_url: string;
	/** 24 hex chars (12 bytes), equal to the blob's first 12 bytes. */
	nonce: string;
	mime_type: string;
	original_size: number;
	encrypted_size: number | null;
	filename: string | null;
	width: number | null;
	height: number | null;
	file_type: string | null;
	/** Inline 32-byte key, decoded from base64, when the sender included one. */
	key: Uint8Array | null;
}

export type ChatContent = { type: 'text'; text: string } | { type: 'attachment'; attachment: EncryptedAttachment };

function decodeBase64(s: string): Uint8Array | null {
	try {
		const bin = atob(s);
		return Uint8Array.from(bin, (c) => c.charCodeAt(0));
	} catch {
		return null;
	}
}

const optInt = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : null);
const optStr = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Parse an attachment descriptor object. Throws ProtocolError('invalid_attachment'). */
export function parseEncryptedAttachment(value: unknown): EncryptedAttachment {
	const bad = (why: string): never => {
		throw new ProtocolError('invalid_attachment', why);
	};
	if (!isJsonObject(value)) return bad('attachment must be an object');
	const type = value.type;
	if (type !== 'image_encrypted' && type !== 'file_encrypted') return bad('unknown attachment type');
	const url = value.blossom_url;
	if (typeof url !== 'string' || blobHashFromUrl(url) === null) return bad('blossom_url must end with a sha256 hex path');
	const nonce = value.nonce;
	if (typeof nonce !== 'string' || !/^[0-9a-fA-F]{24}$/.test(nonce)) return bad('nonce must be 24 hex characters');
	const mime = value.mime_type;
	if (typeof mime !== 'string' || mime === '') return bad('mime_type is required');
	const originalSize = optInt(value.original_size);
	if (originalSize === null) return bad('original_size must be a non-negative integer');
	let key: Uint8Array | null = null;
	if (value.key !== undefined && value.key !== null) {
		key = typeof value.key === 'string' ? decodeBase64(value.key) : null;
		if (!key || key.length !== 32) return bad('key must be base64 of 32 bytes');
	}
	const a: EncryptedAttachment = {
		type,
		blossom_url: url,
		nonce: nonce.toLowerCase(),
		mime_type: mime,
		original_size: originalSize,
		encrypted_size: optInt(value.encrypted_size),
		filename: optStr(value.filename),
		width: optInt(value.width),
		height: optInt(value.height),
		file_type: optStr(value.file_type),
		key
	};
	if (type === 'image_encrypted' && (a.width === null || a.height === null)) return bad('images need width and height');
	return a;
}

/** Classify inner chat content: attachment JSON or plain text. Never throws. */
export function parseChatContent(content: string): ChatContent {
	if (typeof content === 'string' && content.trimStart().startsWith('{')) {
		try {
			const v: unknown = JSON.parse(content);
			if (isJsonObject(v) && (v.type === 'image_encrypted' || v.type === 'file_encrypted')) {
				return { type: 'attachment', attachment: parseEncryptedAttachment(v) };
			}
		} catch {
			// not an attachment: render as text
		}
	}
	return { type: 'text', text: String(content) };
}

/** `blossom://host/path` → `https://host/path`; `https://` unchanged; anything else null. */
export function blossomToHttps(url: string): string | null {
	if (url.startsWith('blossom://')) return 'https://' + url.slice('blossom://'.length);
	if (url.startsWith('https://')) return url;
	return null;
}

/** The sha256 hex in the last path segment (an extension is allowed), or null. */
export function blobHashFromUrl(url: string): string | null {
	const https = blossomToHttps(url);
	if (!https) return null;
	let path: string;
	try {
		path = new URL(https).pathname;
	} catch {
		return null;
	}
	const last = path.split('/').pop() ?? '';
	const m = /^([0-9a-fA-F]{64})(\.[A-Za-z0-9]+)?$/.exec(last);
	return m?.[1]?.toLowerCase() ?? null;
}

export function isBlobHashValid(blob: Uint8Array, url: string): boolean {
	const expected = blobHashFromUrl(url);
	return expected !== null && bytesToHex(sha256(blob)) === expected;
}

/** Decrypt `nonce ‖ ciphertext ‖ tag` with a 32-byte key. Throws ProtocolError. */
export function decryptAttachmentBlob(blob: Uint8Array, key: Uint8Array): Uint8Array {
	if (!(blob instanceof Uint8Array)) throw new ProtocolError('invalid_attachment', 'blob must be bytes');
	if (blob.length > ATTACHMENT_MAX_BYTES) throw new ProtocolError('too_large', 'attachment exceeds 25 MB');
	if (blob.length < ATTACHMENT_NONCE_BYTES + ATTACHMENT_TAG_BYTES) throw new ProtocolError('invalid_attachment', 'blob too short');
	if (!(key instanceof Uint8Array) || key.length !== 32) throw new ProtocolError('invalid_key', 'attachment key must be 32 bytes');
	try {
		return chacha20poly1305(key, blob.subarray(0, ATTACHMENT_NONCE_BYTES)).decrypt(blob.subarray(ATTACHMENT_NONCE_BYTES));
	} catch {
		throw new ProtocolError('decrypt_failed', 'attachment authentication failed');
	}
}

export function encryptAttachmentBlob(plain: Uint8Array, key: Uint8Array, options: { nonce?: Uint8Array; random?: RandomSource } = {}): Uint8Array {
	const nonce = options.nonce ?? (options.random ?? defaultRandom)(ATTACHMENT_NONCE_BYTES);
	if (nonce.length !== ATTACHMENT_NONCE_BYTES) throw new ProtocolError('invalid_argument', 'nonce must be 12 bytes');
	if (key.length !== 32) throw new ProtocolError('invalid_key', 'attachment key must be 32 bytes');
	return concatBytes(nonce, chacha20poly1305(key, nonce).encrypt(plain));
}

/**
 * Full check of a downloaded blob: size cap, content hash vs URL, nonce vs descriptor, then
 * decrypt with the inline key if present, else `channelSecret` (raw ECDH secret).
 */
export function openAttachment(blob: Uint8Array, a: EncryptedAttachment, channelSecret: Uint8Array | null): Uint8Array {
	if (blob.length > ATTACHMENT_MAX_BYTES) throw new ProtocolError('too_large', 'attachment exceeds 25 MB');
	if (!isBlobHashValid(blob, a.blossom_url)) throw new ProtocolError('hash_mismatch', 'blob hash does not match the URL');
	if (bytesToHex(blob.subarray(0, ATTACHMENT_NONCE_BYTES)) !== a.nonce) throw new ProtocolError('invalid_attachment', 'blob nonce does not match the descriptor');
	const key = a.key ?? channelSecret;
	if (!key) throw new ProtocolError('invalid_key', 'no key for this attachment (need the raw ECDH secret or an inline key)');
	return decryptAttachmentBlob(blob, key);
}

export function attachmentNonceBytes(a: EncryptedAttachment): Uint8Array {
	return hexToBytes(a.nonce);
}
