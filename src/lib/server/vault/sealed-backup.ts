// The sealed backup file format: a one-line header naming the format, then the whole database
// copy sealed with the master key (seal.ts, XChaCha20-Poly1305, purpose bound as associated
// data). A file that was edited, cut or sealed under another key refuses to open. Never writes
// the database bytes anywhere but the caller's buffer.
import { SealError, type Sealer } from './seal.ts';

export const SEALED_BACKUP_HEADER = 'mostro-mediator sealed backup v1\n';
const PURPOSE = 'backup.database.v1';

export function sealBackup(sealer: Sealer, database: Uint8Array): string {
	return SEALED_BACKUP_HEADER + sealer.seal(database, PURPOSE) + '\n';
}

export function isSealedBackup(bytes: Uint8Array): boolean {
	return Buffer.from(bytes.subarray(0, SEALED_BACKUP_HEADER.length)).toString('utf8') === SEALED_BACKUP_HEADER;
}

/** The database bytes of a sealed backup; throws SealError for a foreign, edited or cut file. */
export function openSealedBackup(sealer: Sealer, file: Uint8Array): Uint8Array {
	if (!isSealedBackup(file)) throw new SealError('not a sealed mostro-mediator backup');
	const body = Buffer.from(file.subarray(SEALED_BACKUP_HEADER.length)).toString('utf8').trim();
	return sealer.open(body, PURPOSE);
}
