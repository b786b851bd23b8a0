// The attachment archive against the test blob server: a blob is fetched once and then served
// from the copy; bytes that do not match the URL's hash are never kept (and named); a blob over
// the cap is refused; a disk that refuses the write still lets the view through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { startBlobServer, type RunningBlobServer } from '../../../../sim/blossom/index.ts';
import { AttachmentArchive } from '../../../../src/lib/server/archive/attachment-archive.ts';
import { createMemoryBlobStore, type BlobStore } from '../../../../src/lib/server/archive/blob-store.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';

const policy = { allowedHosts: [], allowLoopback: true };
const sealer = createSealer(new Uint8Array(randomBytes(32)));

describe('AttachmentArchive', () => {
	let blobs: RunningBlobServer;
	beforeAll(async () => {
		blobs = await startBlobServer();
	});
	afterAll(() => blobs.stop());
	const urlOf = (hash: string) => `blossom://${new URL(blobs.url).host}/${hash}`;

	it('fetches once, then serves the copy with the host gone', async () => {
		const archive = new AttachmentArchive(openTestDatabase().db, createMemoryBlobStore(sealer), policy);
		const blob = new Uint8Array(randomBytes(100));
		const { sha256: hash } = await blobs.put(blob);
		expect(Buffer.from(await archive.obtain(urlOf(hash))).equals(Buffer.from(blob))).toBe(true);
		blobs.delete(hash);
		expect(Buffer.from(await archive.obtain(urlOf(hash), { allowedHosts: [], allowLoopback: false })).equals(Buffer.from(blob))).toBe(true);
		expect(await archive.row(hash)).toMatchObject({ state: 'archived', size: 100, attempts: 1 });
	});

	it('never keeps bytes that do not match the hash in their URL', async () => {
		const archive = new AttachmentArchive(openTestDatabase().db, createMemoryBlobStore(sealer), policy);
		// A host that answers every hash with the same other bytes.
		const liar = createServer((_request, response) => response.writeHead(200, { 'content-length': '5' }).end('wrong'));
		await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve));
		try {
			const host = `127.0.0.1:${(liar.address() as AddressInfo).port}`;
			const claimed = bytesToHex(sha256(new Uint8Array(randomBytes(8))));
			await expect(archive.obtain(`blossom://${host}/${claimed}`)).rejects.toMatchObject({ messageKey: 'attachment.error.unavailable_mismatch', params: { hash: claimed, host } });
			expect(await archive.readArchived(claimed)).toBeNull();
			expect(await archive.row(claimed)).toMatchObject({ state: 'failed', failure: 'attachment.error.mismatch', host });
		} finally {
			liar.closeAllConnections();
			await new Promise((resolve) => liar.close(resolve));
		}
	});

	it('serves a fetched blob when the disk refuses to keep it', async () => {
		const full: BlobStore = {
			has: async () => false,
			read: async () => null,
			write: async () => {
				throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
			}
		};
		const archive = new AttachmentArchive(openTestDatabase().db, full, policy);
		const blob = new Uint8Array(randomBytes(64));
		const { sha256: hash } = await blobs.put(blob);
		expect(Buffer.from(await archive.obtain(urlOf(hash))).equals(Buffer.from(blob))).toBe(true);
		expect(await archive.row(hash)).toBeUndefined();
	});
});
