// Sending a file as an encrypted chat attachment (Mostro Mobile format, PROTOCOL.md §5.7):
// ChaCha20-Poly1305 with the channel's raw ECDH secret (never K_conv), blob `nonce ‖ ct ‖ tag`
// uploaded with `PUT /upload` and a kind-24242 authorization signed by the sender's chat key,
// then the `image_encrypted` / `file_encrypted` JSON that becomes the inner message content.
// The URL is written `blossom://host:port/<sha256>` (the sandbox blob server speaks plain
// HTTP on 127.0.0.1; a reader fetches the hash from its configured blob server).
// Must never upload the plaintext, nor send a descriptor whose hash differs from the blob.
import { createHash } from 'node:crypto';
import { encryptAttachmentBlob } from '../../src/lib/protocol/attachments.ts';
import { signEvent } from '../../src/lib/protocol/event.ts';
import type { RandomSource } from '../../src/lib/protocol/random.ts';
import type { SampleFile } from './sample-files.ts';

export type BlobTarget = { url: string };

async function uploadBlob(blobs: BlobTarget, blob: Uint8Array, signerSecret: Uint8Array): Promise<string> {
	const sha = createHash('sha256').update(blob).digest('hex');
	const now = Math.floor(Date.now() / 1000);
	const auth = signEvent(
		{
			kind: 24242,
			created_at: now,
			tags: [
				['t', 'upload'],
				['x', sha],
				['expiration', String(now + 3600)]
			],
			content: 'Upload attachment'
		},
		signerSecret
	);
	const res = await fetch(`${blobs.url}/upload`, {
		method: 'PUT',
		headers: { Authorization: `Nostr ${Buffer.from(JSON.stringify(auth)).toString('base64')}`, 'Content-Type': 'application/octet-stream' },
		body: Buffer.from(blob),
		signal: AbortSignal.timeout(5000)
	});
	if (!res.ok) throw new Error(`blob upload failed: HTTP ${res.status}`);
	const d = (await res.json()) as { sha256?: unknown };
	if (d.sha256 !== sha) throw new Error('blob server returned a different hash');
	return sha;
}

/** Encrypt, upload and describe `file`; returns the JSON content of the chat message. */
export async function buildAttachmentMessage(blobs: BlobTarget, file: SampleFile, channelSecret: Uint8Array, signerSecret: Uint8Array, random?: RandomSource): Promise<string> {
	const blob = encryptAttachmentBlob(file.bytes, channelSecret, { random });
	const sha = await uploadBlob(blobs, blob, signerSecret);
	const host = new URL(blobs.url).host;
	const nonce = Buffer.from(blob.subarray(0, 12)).toString('hex');
	const common = { blossom_url: `blossom://${host}/${sha}`, nonce, mime_type: file.mime, original_size: file.bytes.length };
	if (file.mime.startsWith('image/')) {
		return JSON.stringify({ type: 'image_encrypted', ...common, width: file.width ?? 0, height: file.height ?? 0, filename: file.filename, encrypted_size: blob.length });
	}
	return JSON.stringify({ type: 'file_encrypted', ...common, filename: file.filename, encrypted_size: blob.length, file_type: 'document' });
}
