// The sealed content-addressed blob store: a blob is kept under its own SHA-256, sealed (the file
// holds neither the bytes nor anything that opens without the key), read back byte-identical by a
// new store on the same directory, refused above the cap, and a tampered or moved file never
// passes for the blob.
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createDiskBlobStore, createMemoryBlobStore } from '../../../../src/lib/server/archive/blob-store.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { ATTACHMENT_MAX_BYTES } from '../../../../src/lib/protocol/attachments.ts';

const key = new Uint8Array(randomBytes(32));
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('disk blob store', () => {
	it('keeps a blob sealed under its hash and reads it back after a restart', async () => {
		dir = mkdtempSync(join(tmpdir(), 'blob-store-'));
		const blob = new Uint8Array(randomBytes(4096));
		const hash = await createDiskBlobStore(dir, createSealer(key)).write(blob);
		expect(hash).toBe(bytesToHex(sha256(blob)));
		const path = join(dir, 'attachments', hash.slice(0, 2), hash);
		expect(statSync(path).mode & 0o777).toBe(0o600);
		expect(readFileSync(path).includes(Buffer.from(blob.subarray(100, 132)))).toBe(false);
		const again = createDiskBlobStore(dir, createSealer(key));
		expect(await again.has(hash)).toBe(true);
		expect(Buffer.from((await again.read(hash))!).equals(Buffer.from(blob))).toBe(true);
		expect(await again.read('0'.repeat(64))).toBeNull();
		await expect(createDiskBlobStore(dir, createSealer(new Uint8Array(randomBytes(32)))).read(hash)).rejects.toThrow();
	});

	it('never serves a file under another hash', async () => {
		dir = mkdtempSync(join(tmpdir(), 'blob-store-'));
		const store = createDiskBlobStore(dir, createSealer(key));
		const a = await store.write(Uint8Array.of(1, 2, 3));
		const b = bytesToHex(sha256(Uint8Array.of(4, 5, 6)));
		mkdirSync(join(dir, 'attachments', b.slice(0, 2)), { recursive: true });
		renameSync(join(dir, 'attachments', a.slice(0, 2), a), join(dir, 'attachments', b.slice(0, 2), b));
		await expect(store.read(b)).rejects.toThrow();
		writeFileSync(join(dir, 'attachments', b.slice(0, 2), b), 'v1.AAAA');
		await expect(store.read(b)).rejects.toThrow();
		await expect(store.read('../../etc/passwd')).rejects.toThrow();
	});

	it('refuses blobs over the 25 MB cap', async () => {
		dir = mkdtempSync(join(tmpdir(), 'blob-store-'));
		await expect(createDiskBlobStore(dir, createSealer(key)).write(new Uint8Array(ATTACHMENT_MAX_BYTES + 1))).rejects.toThrow(/25 MB/);
		await expect(createMemoryBlobStore(createSealer(key)).write(new Uint8Array(ATTACHMENT_MAX_BYTES + 1))).rejects.toThrow(/25 MB/);
	});
});
