// The attachment files of an evidence bundle, checked offline: bytes against the SHA-256, then
// decrypted with a disclosed raw secret (or the descriptor's inline key) and size-checked; a
// K_conv (no secret) leaves them undecrypted; a changed byte or a wrong key is a problem; an
// attachment the console never obtained is reported with its host, not as a failure.
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { checkBundleFiles } from '../../../src/lib/protocol/evidence-bundle-files.ts';
import { encryptAttachmentBlob } from '../../../src/lib/protocol/attachments.ts';

const key = new Uint8Array(32).fill(7);
const plain = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const blob = encryptAttachmentBlob(plain, key, { nonce: new Uint8Array(12).fill(1) });
const hash = bytesToHex(sha256(blob));
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const descriptor = { type: 'file_encrypted', blossom_url: `blossom://blobs.example/${hash}`, nonce: '01'.repeat(12), mime_type: 'image/png', original_size: plain.length, filename: 'shot.png' };
const event = (keyIndex: number) => ({ verdict: 'accepted', key_index: keyIndex, inner: { content: JSON.stringify(descriptor) } });
const secrets = (index: number) => (index === 1 ? key : null);

describe('bundle files', () => {
	it('hash-checks and decrypts with the disclosed secret, once per blob', () => {
		const files = checkBundleFiles([event(0), event(1)], [{ sha256: hash, data_base64: b64(blob), size: blob.length, unavailable: null }], secrets);
		expect(files).toEqual([{ sha256: hash, name: 'shot.png', status: 'ok', decrypted: 'ok', plainSha256: bytesToHex(sha256(plain)), host: null, problems: [] }]);
	});

	it('leaves a file undecrypted when only a K_conv was disclosed', () => {
		const [file] = checkBundleFiles([event(0)], [{ sha256: hash, data_base64: b64(blob), size: blob.length, unavailable: null }], secrets);
		expect(file).toMatchObject({ status: 'ok', decrypted: 'no_key', problems: [] });
	});

	it('names a changed byte and a key that does not open the file', () => {
		const tampered = Uint8Array.from(blob);
		tampered[20] = (tampered[20] ?? 0) ^ 1;
		expect(checkBundleFiles([event(1)], [{ sha256: hash, data_base64: b64(tampered), size: blob.length, unavailable: null }], secrets)[0]).toMatchObject({ status: 'bad_hash', problems: ['file bytes do not match their SHA-256'] });
		const wrong = checkBundleFiles([event(1)], [{ sha256: hash, data_base64: b64(blob), size: blob.length, unavailable: null }], () => new Uint8Array(32).fill(9));
		expect(wrong[0]).toMatchObject({ decrypted: 'failed', problems: ['file does not decrypt with the disclosed key'] });
	});

	it('reports a file never obtained, and one left out, without failing', () => {
		const [gone] = checkBundleFiles([event(1)], [{ sha256: hash, data_base64: null, size: null, unavailable: { host: 'blobs.example', reason: 'attachment.error.fetch' } }], secrets);
		expect(gone).toMatchObject({ status: 'unavailable', host: 'blobs.example', problems: [] });
		expect(checkBundleFiles([event(1)], undefined, secrets)[0]).toMatchObject({ status: 'missing', problems: [] });
		expect(checkBundleFiles([{ verdict: 'replay', inner: event(1).inner }], [], secrets)).toEqual([]);
	});
});
