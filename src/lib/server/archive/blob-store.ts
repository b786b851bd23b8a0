// The sealed, content-addressed store of attachment blobs (issue 15 "Attachments are gone after
// a restart"; PROTOCOL.md §5.7): each blob is kept exactly as published (the ciphertext whose
// SHA-256 is its address), sealed under the console's key-encryption key with the address as
// purpose, in `<dataDir>/attachments/<first two hex>/<sha256>` (files 0600, directories 0700),
// written to a temporary name and renamed so a crash never leaves half a file. Reads re-check the
// hash. Must never store a blob under a name that is not its own hash, or above the 25 MB cap,
// and never log bytes. The interface is asynchronous so a store may live in the database
// (database-blob-store.ts, for replicas that share no data directory).
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Sealer } from '../vault/seal.ts';
import { ATTACHMENT_MAX_BYTES } from '../../protocol/attachments.ts';

export const ARCHIVE_DIR = 'attachments';
const HASH = /^[0-9a-f]{64}$/;

export interface BlobStore {
	has(hash: string): Promise<boolean>;
	/** The archived bytes (hash re-checked), or null when there is no copy. Rejects with SealError on a tampered copy. */
	read(hash: string): Promise<Uint8Array | null>;
	/** Stores `bytes` under their own SHA-256 and resolves with it. Rejects on bytes over the cap. */
	write(bytes: Uint8Array): Promise<string>;
}

export const purposeOf = (hash: string) => `attachment-blob:${hash}`;

export class ArchiveIntegrityError extends Error {
	constructor(hash: string) {
		super(`archived blob ${hash} does not match its hash`);
		this.name = 'ArchiveIntegrityError';
	}
}

export function assertHash(hash: string): void {
	if (!HASH.test(hash)) throw new Error('an archive address is 64 lowercase hex characters');
}

export function assertSize(bytes: Uint8Array): void {
	if (bytes.length > ATTACHMENT_MAX_BYTES) throw new Error('attachment blobs are capped at 25 MB');
}

/** The store in `<dataDir>/attachments`, sealed with `sealer`. */
export function createDiskBlobStore(dataDir: string, sealer: Sealer): BlobStore {
	const root = join(dataDir, ARCHIVE_DIR);
	const pathOf = (hash: string) => join(root, hash.slice(0, 2), hash);
	return {
		async has(hash) {
			assertHash(hash);
			return existsSync(pathOf(hash));
		},
		async read(hash) {
			assertHash(hash);
			let sealed: string;
			try {
				sealed = readFileSync(pathOf(hash), 'utf8');
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
				throw error;
			}
			const bytes = sealer.open(sealed, purposeOf(hash));
			if (bytesToHex(sha256(bytes)) !== hash) throw new ArchiveIntegrityError(hash);
			return bytes;
		},
		async write(bytes) {
			assertSize(bytes);
			const hash = bytesToHex(sha256(bytes));
			const dir = join(root, hash.slice(0, 2));
			mkdirSync(dir, { recursive: true, mode: 0o700 });
			const target = pathOf(hash);
			if (existsSync(target)) return hash;
			const temporary = join(dir, `.${hash}.${randomBytes(6).toString('hex')}.tmp`);
			try {
				writeFileSync(temporary, sealer.seal(bytes, purposeOf(hash)), { mode: 0o600, flush: true });
				renameSync(temporary, target);
			} catch (error) {
				rmSync(temporary, { force: true });
				throw error;
			}
			return hash;
		}
	};
}

/** A store that keeps sealed copies in memory: for services built without a data directory (tests, benchmarks). */
export function createMemoryBlobStore(sealer: Sealer): BlobStore {
	const files = new Map<string, string>();
	return {
		has: async (hash) => files.has(hash),
		async read(hash) {
			const sealed = files.get(hash);
			if (sealed === undefined) return null;
			const bytes = sealer.open(sealed, purposeOf(hash));
			if (bytesToHex(sha256(bytes)) !== hash) throw new ArchiveIntegrityError(hash);
			return bytes;
		},
		async write(bytes) {
			assertSize(bytes);
			const hash = bytesToHex(sha256(bytes));
			if (!files.has(hash)) files.set(hash, sealer.seal(bytes, purposeOf(hash)));
			return hash;
		}
	};
}
