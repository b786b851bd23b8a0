// At start-up, queues for the attachment archive every blob a stored chat message or an accepted
// evidence event refers to that has no archived copy yet (issue 15): the background queue is in
// memory, so a console stopped between storing a message and fetching its file, or an archive
// that predates this table, would otherwise wait for someone to open the file. Read-only on the
// chat and evidence tables; must never fetch itself or block the start.
import type { Db } from '../db/index.ts';
import type { AttachmentArchive } from './attachment-archive.ts';
import { blobHashFromUrl } from '../../protocol/attachments.ts';
import { attachmentUrlOf } from '../evidence/evidence-archive.ts';

function chatBlobUrl(text: string): string | null {
	try {
		const value = JSON.parse(text) as { blossom_url?: unknown };
		return typeof value.blossom_url === 'string' ? value.blossom_url : null;
	} catch {
		return null;
	}
}

/** Queues every referenced blob not archived yet; returns how many were queued. */
export async function queueUnarchivedAttachments(db: Db, archive: AttachmentArchive): Promise<number> {
	const chat = await db.selectFrom('chat_messages').select('attachment').where('attachment', 'is not', null).execute();
	const evidence = await db.selectFrom('evidence_events').select(['verdict', 'inner_raw']).where('verdict', '=', 'accepted').where('inner_raw', 'like', '%_encrypted%').execute();
	const urls = [...chat.map((row) => (row.attachment ? chatBlobUrl(row.attachment) : null)), ...evidence.map((row) => attachmentUrlOf({ verdict: row.verdict, innerRaw: row.inner_raw }))].filter(
		(url): url is string => url !== null && blobHashFromUrl(url) !== null
	);
	const known = await archive.status(urls.map((url) => ({ hash: blobHashFromUrl(url) as string, url })));
	let queued = 0;
	for (const url of urls) {
		// Failed ones are retried on their own schedule (retryFailed); only never-tried ones here.
		if (known.get(blobHashFromUrl(url) as string)?.state !== 'pending') continue;
		archive.archiveSoon(url);
		queued += 1;
	}
	return queued;
}
