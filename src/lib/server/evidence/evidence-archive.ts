// Archives the attachments of an imported transcript (issue 15; PROTOCOL.md §5.7): every
// accepted message whose content is an encrypted-file descriptor has its blob queued for the
// attachment archive as soon as the events are stored, whatever the key can decrypt (the
// ciphertext is what is kept). Must never fetch itself or block the import on a blob host.
import type { AttachmentArchive } from '../archive/attachment-archive.ts';
import { parseChatContent } from '../../protocol/attachments.ts';

/** The blossom URL of an accepted event's attachment, or null (text, rejected or unreadable). */
export function attachmentUrlOf(event: { verdict: string; innerRaw: string | null }): string | null {
	if (event.verdict !== 'accepted' || !event.innerRaw) return null;
	let content: unknown;
	try {
		content = (JSON.parse(event.innerRaw) as { content?: unknown }).content;
	} catch {
		return null;
	}
	if (typeof content !== 'string') return null;
	const parsed = parseChatContent(content);
	return parsed.type === 'attachment' ? parsed.attachment.blossom_url : null;
}

export function archiveTranscriptAttachments(archive: AttachmentArchive, events: ReadonlyArray<{ verdict: string; innerRaw: string | null }>): void {
	for (const event of events) {
		const url = attachmentUrlOf(event);
		if (url) archive.archiveSoon(url);
	}
}
