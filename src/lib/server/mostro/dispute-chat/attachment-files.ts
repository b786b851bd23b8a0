// Attachments in the dispute chat (PROTOCOL.md §5.7): opening one a party sent (fetch,
// hash check, decrypt with the channel's ECDH secret, sniff the real type) and sending a
// file to a party (encrypt, upload with a kind-24242 authorization, send the descriptor).
// Blobs come from the attachment archive (fetched and kept the first time), and what we upload
// is kept there too, so a view never depends on the host still having the file.
// Only PNG, JPEG, GIF, WebP and PDF are ever shown inline; SVG, HTML and anything else is
// download-only. Every view and send is audited; bytes are never logged.
import type { MostroServices } from '../services.ts';
import { recordAudit } from '../../audit/log.ts';
import { Refusal } from '../../errors.ts';
import { openSolverSecret } from '../../vault/solver-keys.ts';
import type { Party } from './chat-channels.ts';
import type { BlobPolicy } from './blob-fetch.ts';
import { ATTACHMENT_MAX_BYTES, encryptAttachmentBlob, openAttachment, parseEncryptedAttachment } from '../../../protocol/attachments.ts';
import { signEvent } from '../../../protocol/event.ts';
import { isProtocolError } from '../../../protocol/errors.ts';
import { buildContentDisposition } from '../../content-disposition.ts';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { PersonActor, Actor } from '../../auth/actor.ts';

export interface OpenedAttachment {
	bytes: Uint8Array;
	/** The sniffed type when it is one we render, else application/octet-stream. */
	contentType: string;
	inline: boolean;
	filename: string;
}

const SIGNATURES: Array<[string, number[]]> = [
	['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
	['image/jpeg', [0xff, 0xd8, 0xff]],
	['image/gif', [0x47, 0x49, 0x46, 0x38]],
	['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]]
];

/** The renderable type of `bytes` by magic number, or null (never trusts the declared type). */
export function sniffRenderableType(bytes: Uint8Array): string | null {
	for (const [type, magic] of SIGNATURES) if (magic.every((byte, i) => bytes[i] === byte)) return type;
	const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
	if (bytes.length > 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
	return null;
}

export function safeFilename(name: string | null, fallback: string): string {
	const cleaned = (name ?? '')
		.replace(/[^\p{L}\p{N}._ -]/gu, '_')
		.slice(0, 100)
		.trim();
	return cleaned || fallback;
}

/** `policy`: where attachments may be fetched from (the console's configuration). */
export async function openChatAttachment(services: MostroServices, actor: Actor, disputeId: string, { messageId, policy }: { messageId: number; policy: BlobPolicy }): Promise<OpenedAttachment> {
	const row = await services.db.selectFrom('chat_messages').select(['party', 'attachment', 'inner_id']).where('id', '=', messageId).where('dispute_id', '=', disputeId).executeTakeFirst();
	if (!row?.attachment) throw new Refusal('not_found', 'attachment.error.open');
	const channel = await services.chat.channel(disputeId, row.party === 'seller' ? 'seller' : 'buyer');
	let descriptor;
	try {
		const stored = JSON.parse(row.attachment) as Record<string, unknown>;
		descriptor = parseEncryptedAttachment(stored);
	} catch {
		throw new Refusal('invalid_input', 'attachment.error.open');
	}
	const blob = await services.archive.obtain(descriptor.blossom_url, policy);
	let bytes: Uint8Array;
	try {
		bytes = openAttachment(blob, descriptor, channel?.channel.shared ?? null);
	} catch (error) {
		if (isProtocolError(error)) throw new Refusal('invalid_input', 'attachment.error.open');
		throw error;
	}
	const sniffed = sniffRenderableType(bytes);
	await recordAudit(services.db, actor, { action: 'attachment.viewed', subject: `dispute:${disputeId}`, details: { messageId, innerId: row.inner_id, sha256: bytesToHex(sha256(blob)), type: sniffed ?? 'download' } });
	return {
		bytes,
		contentType: sniffed ?? 'application/octet-stream',
		inline: sniffed !== null,
		filename: safeFilename(descriptor.filename, `attachment-${messageId}`)
	};
}

/** Encrypts `file` for the party, uploads it and sends the descriptor as a chat message. */
/** `uploadUrl`: the configured Blossom server (null: uploads are off). */
export async function sendChatFile(
	services: MostroServices,
	actor: PersonActor,
	disputeId: string,
	{ party, file, uploadUrl }: { party: Party; file: { bytes: Uint8Array; name: string; type: string }; uploadUrl: string | null }
): Promise<void> {
	if (file.bytes.length === 0 || file.bytes.length > ATTACHMENT_MAX_BYTES - 28) throw new Refusal('invalid_input', 'chat.error.file', { field: 'file' });
	if (!uploadUrl) throw new Refusal('conflict', 'chat.error.upload');
	const channel = await services.chat.channel(disputeId, party);
	if (!channel) throw new Refusal('not_found', 'chat.error.no_channel');
	if (channel.holderUserId !== actor.userId) throw new Refusal('not_authorized', 'chat.error.not_holder');
	const blob = encryptAttachmentBlob(file.bytes, channel.channel.shared);
	const hash = bytesToHex(sha256(blob));
	const key = await openSolverSecret(services.db, services.sealer, actor.userId);
	if (!key) throw new Refusal('not_authorized', 'chat.error.not_holder');
	let auth;
	try {
		const now = Math.floor(Date.now() / 1000);
		auth = signEvent(
			{
				kind: 24242,
				created_at: now,
				tags: [
					['t', 'upload'],
					['x', hash],
					['expiration', String(now + 3600)]
				],
				content: 'Upload attachment'
			},
			key.secret
		);
	} finally {
		key.secret.fill(0);
	}
	let response: Response;
	try {
		response = await fetch(new URL('/upload', uploadUrl), {
			method: 'PUT',
			redirect: 'manual',
			headers: { authorization: `Nostr ${Buffer.from(JSON.stringify(auth)).toString('base64')}`, 'content-type': 'application/octet-stream' },
			body: Buffer.from(blob),
			signal: AbortSignal.timeout(30_000)
		});
	} catch {
		throw new Refusal('conflict', 'chat.error.upload');
	}
	if (!response.ok) throw new Refusal('conflict', 'chat.error.upload');
	const upload = new URL(uploadUrl);
	await services.archive.keep(blob, `blossom://${upload.host}/${hash}`);
	const sniffed = sniffRenderableType(file.bytes);
	const descriptor = {
		type: sniffed?.startsWith('image/') ? 'image_encrypted' : 'file_encrypted',
		blossom_url: `blossom://${upload.host}/${hash}`,
		nonce: bytesToHex(blob.subarray(0, 12)),
		mime_type: sniffed ?? (file.type || 'application/octet-stream'),
		original_size: file.bytes.length,
		encrypted_size: blob.length,
		filename: safeFilename(file.name, 'file'),
		...(sniffed?.startsWith('image/') ? { width: 0, height: 0 } : { file_type: 'document' })
	};
	await services.chat.send(actor, disputeId, party, JSON.stringify(descriptor), 'attachment');
}

/**
 * The HTTP answer for a decrypted attachment, the one place its safety headers are set:
 * inline only for sniffed renderable types, never sniffed by the browser, never cached,
 * sandboxed by CSP (no script runs, even inside a framed PDF), framed only by our own origin,
 * and named by an RFC 6266 header that survives any file name.
 */
export function attachmentResponse(file: OpenedAttachment): Response {
	return new Response(Buffer.from(file.bytes), {
		headers: {
			'content-type': file.contentType,
			'content-disposition': buildContentDisposition(file.inline ? 'inline' : 'attachment', file.filename, 'attachment'),
			'x-content-type-options': 'nosniff',
			'cache-control': 'no-store',
			// Framed by the case page (inline PDF) and by nothing else: see isFrameableByOwnOrigin.
			'content-security-policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox"
		}
	});
}
