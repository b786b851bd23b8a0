// The attachment archive's blob store in the database (issue 20, several replicas): the same
// sealed, content-addressed copies as the disk store (blob-store.ts), kept in `attachment_blobs`
// so a file one replica archived is served by every other one. Used on PostgreSQL, where replicas
// share the database but no data directory. Must never keep a blob under a name that is not its
// own hash or above the 25 MB cap, never keep it unsealed, and never log bytes.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import { ArchiveIntegrityError, assertHash, assertSize, purposeOf, type BlobStore } from './blob-store.ts';

export function createDatabaseBlobStore(db: Db, sealer: Sealer, clock: () => number = Date.now): BlobStore {
	return {
		async has(hash) {
			assertHash(hash);
			return (await db.selectFrom('attachment_blobs').select('sha256').where('sha256', '=', hash).executeTakeFirst()) !== undefined;
		},
		async read(hash) {
			assertHash(hash);
			const row = await db.selectFrom('attachment_blobs').select('sealed').where('sha256', '=', hash).executeTakeFirst();
			if (!row) return null;
			const bytes = sealer.open(row.sealed, purposeOf(hash));
			if (bytesToHex(sha256(bytes)) !== hash) throw new ArchiveIntegrityError(hash);
			return bytes;
		},
		async write(bytes) {
			assertSize(bytes);
			const hash = bytesToHex(sha256(bytes));
			// Two replicas keeping the same blob at once: the first row stays (both are the same bytes).
			await db
				.insertInto('attachment_blobs')
				.values({ sha256: hash, sealed: sealer.seal(bytes, purposeOf(hash)), size: bytes.length, stored_at: clock() })
				.onConflict((oc) => oc.column('sha256').doNothing())
				.execute();
			return hash;
		}
	};
}
