// Fetches attachment blobs safely: only from the Blossom hosts allowed in settings, over
// https, never following redirects, capped at 25 MB while streaming; loopback hosts only
// when explicitly allowed (the sandbox's blob server). Refuses private and link-local
// addresses by name before any request is made. Never logs URLs' query strings or bytes.
import { isIP } from 'node:net';
import { Refusal } from '../../errors.ts';
import { ATTACHMENT_MAX_BYTES, blobHashFromUrl } from '../../../protocol/attachments.ts';

export interface BlobPolicy {
	allowedHosts: readonly string[];
	allowLoopback: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function isPrivateAddress(host: string): boolean {
	const bare = host.replace(/^\[|\]$/g, '');
	if (isIP(bare) === 4) {
		const [a = 0, b = 0] = bare.split('.').map(Number);
		return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
	}
	if (isIP(bare) === 6) return bare === '::1' || /^f[cd]/i.test(bare) || /^fe80/i.test(bare) || bare === '::';
	return bare === 'localhost' || bare.endsWith('.localhost') || bare.endsWith('.local') || bare.endsWith('.internal');
}

/** Where to download a descriptor's blob from, or a refusal naming why not. */
export function resolveBlobUrl(blossomUrl: string, policy: BlobPolicy): URL {
	if (!blobHashFromUrl(blossomUrl)) throw new Refusal('invalid_input', 'attachment.error.host');
	let url: URL;
	try {
		url = new URL(blossomUrl.startsWith('blossom://') ? 'https://' + blossomUrl.slice('blossom://'.length) : blossomUrl);
	} catch {
		throw new Refusal('invalid_input', 'attachment.error.host');
	}
	if (url.username || url.password) throw new Refusal('invalid_input', 'attachment.error.host');
	const host = url.hostname.toLowerCase();
	if (LOOPBACK.has(host) && policy.allowLoopback) {
		// The sandbox blob server speaks plain http on 127.0.0.1.
		return new URL(`http://${url.host}${url.pathname}`);
	}
	if (url.protocol !== 'https:' || isPrivateAddress(host) || !policy.allowedHosts.includes(host)) {
		throw new Refusal('not_authorized', 'attachment.error.host');
	}
	return new URL(`https://${url.host}${url.pathname}`);
}

export async function fetchBlob(url: URL, timeoutMs = 20_000): Promise<Uint8Array> {
	let response: Response;
	try {
		response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
	} catch {
		throw new Refusal('conflict', 'attachment.error.fetch');
	}
	if (response.status !== 200 || !response.body) throw new Refusal('conflict', 'attachment.error.fetch');
	const declared = Number(response.headers.get('content-length') ?? '0');
	if (declared > ATTACHMENT_MAX_BYTES) throw new Refusal('invalid_input', 'chat.error.file');
	const chunks: Uint8Array[] = [];
	let size = 0;
	const reader = response.body.getReader();
	for (;;) {
		const { value, done } = await reader.read();
		if (done) break;
		size += value.length;
		if (size > ATTACHMENT_MAX_BYTES) {
			await reader.cancel();
			throw new Refusal('invalid_input', 'chat.error.file');
		}
		chunks.push(value);
	}
	const blob = new Uint8Array(size);
	let offset = 0;
	for (const chunk of chunks) {
		blob.set(chunk, offset);
		offset += chunk.length;
	}
	return blob;
}
