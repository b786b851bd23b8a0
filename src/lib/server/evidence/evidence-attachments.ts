// Opening an attachment of the trade chat (PROTOCOL.md §5.7): only when the key allows — an
// inline key in the message, or a disclosed raw ECDH secret (a K_conv cannot decrypt files).
// Served from the attachment archive (fetched once with the same SSRF-safe policy as the dispute
// chat and kept, sealed), hash-checked, decrypted, sniffed.
// Every opening is audited with the blob hash; bytes and keys are never logged.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { MostroServices } from '../mostro/services.ts';
import { recordAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { openAttachment, parseChatContent } from '../../protocol/attachments.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import type { BlobPolicy } from '../mostro/dispute-chat/blob-fetch.ts';
import { safeFilename, sniffRenderableType, type OpenedAttachment } from '../mostro/dispute-chat/attachment-files.ts';
import { keyPurpose } from './evidence-repository.ts';
import type { Actor } from '../auth/actor.ts';

/** `policy`: where attachments may be fetched from (the console's configuration). */
export async function openEvidenceAttachment(services: MostroServices, actor: Actor, disputeId: string, { eventRowId, policy }: { eventRowId: number; policy: BlobPolicy }): Promise<OpenedAttachment> {
	const row = await services.db
		.selectFrom('evidence_events')
		.innerJoin('evidence_keys', 'evidence_keys.id', 'evidence_events.key_id')
		.select(['evidence_events.inner_raw', 'evidence_events.inner_id', 'evidence_events.verdict', 'evidence_keys.key_kind', 'evidence_keys.n', 'evidence_keys.secret_sealed'])
		.where('evidence_events.id', '=', eventRowId)
		.where('evidence_events.dispute_id', '=', disputeId)
		.executeTakeFirst();
	if (!row || row.verdict !== 'accepted' || !row.inner_raw) throw new Refusal('not_found', 'attachment.error.open');
	let content: unknown;
	try {
		content = (JSON.parse(row.inner_raw) as { content?: unknown }).content;
	} catch {
		throw new Refusal('not_found', 'attachment.error.open');
	}
	const parsed = parseChatContent(typeof content === 'string' ? content : '');
	if (parsed.type !== 'attachment') throw new Refusal('not_found', 'attachment.error.open');
	const descriptor = parsed.attachment;
	if (!descriptor.key && row.key_kind === 'k_conv') throw new Refusal('conflict', 'evidence.error.attachment_key');
	const blob = await services.archive.obtain(descriptor.blossom_url, policy);
	const shared = descriptor.key ? null : services.sealer.open(row.secret_sealed, keyPurpose(disputeId, row.n));
	let bytes: Uint8Array;
	try {
		bytes = openAttachment(blob, descriptor, shared);
	} catch (error) {
		if (isProtocolError(error)) throw new Refusal('invalid_input', 'attachment.error.open');
		throw error;
	} finally {
		shared?.fill(0);
	}
	const sniffed = sniffRenderableType(bytes);
	await recordAudit(services.db, actor, { action: 'evidence.attachment_viewed', subject: `dispute:${disputeId}`, details: { eventRowId, innerId: row.inner_id, sha256: bytesToHex(sha256(blob)), type: sniffed ?? 'download' } });
	return { bytes, contentType: sniffed ?? 'application/octet-stream', inline: sniffed !== null, filename: safeFilename(descriptor.filename, `evidence-${eventRowId}`) };
}
