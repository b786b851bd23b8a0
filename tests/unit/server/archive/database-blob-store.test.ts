// The blob store in the database (replicas on PostgreSQL share no data directory; here on SQLite
// with the real migrations): a blob is kept sealed under its own SHA-256, read back
// byte-identical through another store on the same database, kept once when two write it,
// refused above the cap, and a row swapped to another hash or opened with another key never
// passes for the blob.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { createDatabaseBlobStore } from '../../../../src/lib/server/archive/database-blob-store.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { ATTACHMENT_MAX_BYTES } from '../../../../src/lib/protocol/attachments.ts';

const key = new Uint8Array(randomBytes(32));
let database: OpenDatabase;
beforeEach(() => {
	database = openTestDatabase();
});
afterEach(() => database.close());

describe('database blob store', () => {
	it('keeps a blob sealed under its hash and serves it to another store on the same database', async () => {
		const blob = new Uint8Array(randomBytes(4096));
		const hash = await createDatabaseBlobStore(database.db, createSealer(key), () => 1234).write(blob);
		expect(hash).toBe(bytesToHex(sha256(blob)));
		const row = await database.db.selectFrom('attachment_blobs').selectAll().executeTakeFirstOrThrow();
		expect(row).toMatchObject({ sha256: hash, size: 4096, stored_at: 1234 });
		expect(Buffer.from(row.sealed).includes(Buffer.from(blob.subarray(100, 132)))).toBe(false);
		const other = createDatabaseBlobStore(database.db, createSealer(key));
		expect(await other.has(hash)).toBe(true);
		expect(Buffer.from((await other.read(hash))!).equals(Buffer.from(blob))).toBe(true);
		expect(await other.read('0'.repeat(64))).toBeNull();
		await other.write(blob);
		expect(await database.db.selectFrom('attachment_blobs').select('sha256').execute()).toHaveLength(1);
		await expect(createDatabaseBlobStore(database.db, createSealer(new Uint8Array(randomBytes(32)))).read(hash)).rejects.toThrow();
	});

	it('never serves a row under another hash, and refuses bad addresses and blobs over the cap', async () => {
		const store = createDatabaseBlobStore(database.db, createSealer(key));
		const a = await store.write(Uint8Array.of(1, 2, 3));
		const b = bytesToHex(sha256(Uint8Array.of(4, 5, 6)));
		await database.db.updateTable('attachment_blobs').set({ sha256: b }).where('sha256', '=', a).execute();
		await expect(store.read(b)).rejects.toThrow();
		await expect(store.read('../../etc/passwd')).rejects.toThrow();
		await expect(store.write(new Uint8Array(ATTACHMENT_MAX_BYTES + 1))).rejects.toThrow(/25 MB/);
	});
});
