import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES, blobHashFromUrl, blossomToHttps, decryptAttachmentBlob, encryptAttachmentBlob, openAttachment, parseChatContent, parseEncryptedAttachment } from '../../../src/lib/protocol/attachments.ts';
import { ProtocolError } from '../../../src/lib/protocol/errors.ts';
import A from '../../vectors/mostro/appendix-a.json';

const key = hexToBytes(A.a5.key);
const blob = hexToBytes(A.a5.blob);
const hash = bytesToHex(sha256(blob));
const descriptor = {
	type: 'image_encrypted',
	blossom_url: `blossom://blossom.primal.net/${hash}`,
	nonce: A.a5.nonce,
	mime_type: 'image/jpeg',
	original_size: 7,
	width: 10,
	height: 10,
	filename: 'receipt.jpg',
	encrypted_size: blob.length
};

describe('attachments', () => {
	it('parses the message format and detects text', () => {
		const c = parseChatContent(JSON.stringify(descriptor));
		expect(c.type).toBe('attachment');
		expect(parseChatContent('hello {').type).toBe('text');
		expect(parseChatContent('{"type":"other"}')).toEqual({ type: 'text', text: '{"type":"other"}' });
		const f = parseEncryptedAttachment({ ...descriptor, type: 'file_encrypted', width: undefined, height: undefined, file_type: 'document' });
		expect(f.file_type).toBe('document');
		expect(() => parseEncryptedAttachment({ ...descriptor, width: undefined })).toThrow(ProtocolError);
		expect(() => parseEncryptedAttachment({ ...descriptor, nonce: 'zz' })).toThrow(ProtocolError);
		expect(() => parseEncryptedAttachment({ ...descriptor, key: 'AAAA' })).toThrow(ProtocolError);
	});
	it('maps blossom URLs and extracts the hash', () => {
		expect(blossomToHttps('blossom://h.example/abc')).toBe('https://h.example/abc');
		expect(blossomToHttps('http://h.example/abc')).toBeNull();
		expect(blobHashFromUrl(`https://blossom.band/${hash}.jpg`)).toBe(hash);
		expect(blobHashFromUrl('https://blossom.band/nothash')).toBeNull();
	});
	it('opens a blob: hash, nonce, key (shared secret or inline key)', () => {
		const a = parseEncryptedAttachment(descriptor);
		expect(new TextDecoder().decode(openAttachment(blob, a, key))).toBe('receipt');
		const inline = parseEncryptedAttachment({ ...descriptor, key: btoa(String.fromCharCode(...key)) });
		expect(new TextDecoder().decode(openAttachment(blob, inline, null))).toBe('receipt');
		const tampered = blob.slice();
		tampered[20] = (tampered[20] ?? 0) ^ 1;
		expect(() => openAttachment(tampered, a, key)).toThrow(expect.objectContaining({ code: 'hash_mismatch' }));
		expect(() => decryptAttachmentBlob(tampered, key)).toThrow(expect.objectContaining({ code: 'decrypt_failed' }));
		expect(() => openAttachment(blob, a, null)).toThrow(expect.objectContaining({ code: 'invalid_key' }));
		expect(() => openAttachment(blob, a, new Uint8Array(32))).toThrow(expect.objectContaining({ code: 'decrypt_failed' }));
	});
	it('enforces the 25 MB cap', () => {
		const big = new Uint8Array(ATTACHMENT_MAX_BYTES + 1);
		expect(() => decryptAttachmentBlob(big, key)).toThrow(expect.objectContaining({ code: 'too_large' }));
		expect(() => openAttachment(big, parseEncryptedAttachment(descriptor), key)).toThrow(expect.objectContaining({ code: 'too_large' }));
		const ok = encryptAttachmentBlob(utf8ToBytes('x'), key);
		expect(decryptAttachmentBlob(ok, key)).toEqual(utf8ToBytes('x'));
	});
});
