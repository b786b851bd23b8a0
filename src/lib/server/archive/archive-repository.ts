// The `attachment_archive` table (011): which blobs have a sealed copy, and for those that do
// not, the host that failed, why and how often. The only module that reads or writes it.
// Never downgrades an archived row to failed.
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.ts';
import type { AttachmentArchiveTable } from '../db/schema.ts';

export type ArchiveRow = Selectable<AttachmentArchiveTable>;

export async function getArchiveRow(db: Db, hash: string): Promise<ArchiveRow | undefined> {
	return db.selectFrom('attachment_archive').selectAll().where('sha256', '=', hash).executeTakeFirst();
}

export async function listArchiveRows(db: Db, hashes: readonly string[]): Promise<Map<string, ArchiveRow>> {
	if (hashes.length === 0) return new Map();
	const rows = await db
		.selectFrom('attachment_archive')
		.selectAll()
		.where('sha256', 'in', [...new Set(hashes)])
		.execute();
	return new Map(rows.map((row) => [row.sha256, row]));
}

export async function markArchived(db: Db, entry: { hash: string; url: string; host: string; size: number }, now: number): Promise<void> {
	await db
		.insertInto('attachment_archive')
		.values({ sha256: entry.hash, state: 'archived', url: entry.url, host: entry.host, size: entry.size, failure: null, attempts: 1, first_tried_at: now, last_tried_at: now, archived_at: now })
		.onConflict((oc) =>
			oc.column('sha256').doUpdateSet((eb) => ({ state: 'archived', url: entry.url, host: entry.host, size: entry.size, failure: null, attempts: eb('attachment_archive.attempts', '+', 1), last_tried_at: now, archived_at: now }))
		)
		.execute();
}

export async function markFailed(db: Db, entry: { hash: string; url: string; host: string; failure: string }, now: number): Promise<void> {
	await db
		.insertInto('attachment_archive')
		.values({ sha256: entry.hash, state: 'failed', url: entry.url, host: entry.host, size: null, failure: entry.failure, attempts: 1, first_tried_at: now, last_tried_at: now, archived_at: null })
		.onConflict((oc) =>
			oc
				.column('sha256')
				.doUpdateSet((eb) => ({ url: entry.url, host: entry.host, failure: entry.failure, attempts: eb('attachment_archive.attempts', '+', 1), last_tried_at: now }))
				.where('attachment_archive.state', '=', 'failed')
		)
		.execute();
}

/** Failed rows due for another try: the wait grows with the attempts (5 min each, at most 6 h). */
export async function listDueFailures(db: Db, now: number, limit: number): Promise<ArchiveRow[]> {
	const rows = await db
		.selectFrom('attachment_archive')
		.selectAll()
		.where('state', '=', 'failed')
		.orderBy('last_tried_at')
		.limit(limit * 4)
		.execute();
	return rows.filter((row) => row.last_tried_at + Math.min(row.attempts * 5 * 60_000, 6 * 3_600_000) <= now).slice(0, limit);
}
