// Fetches attachment blobs safely: only from the Blossom hosts allowed in settings, over
// https on port 443 (another port only when an allow-list entry names it as host:port), never
// following redirects, capped at 25 MB while streaming, within one overall deadline. The
// address is checked when the socket connects (blob-address.ts), so a listed name resolving to
// a private or loopback address is never reached. Loopback over plain http only when explicitly
// allowed (the sandbox's blob server). Never logs URLs' query strings or bytes.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Refusal } from '../../errors.ts';
import { ATTACHMENT_MAX_BYTES, blobHashFromUrl } from '../../../protocol/attachments.ts';
import { BLOCKED_ADDRESS, guardedLookup, isPrivateAddress } from './blob-address.ts';

export interface BlobPolicy {
	allowedHosts: readonly string[];
	allowLoopback: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function hostAllowed(policy: BlobPolicy, host: string, port: string): boolean {
	if (port === '' || port === '443') return policy.allowedHosts.includes(host) || policy.allowedHosts.includes(`${host}:443`);
	return policy.allowedHosts.includes(`${host}:${port}`);
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
	if (url.protocol !== 'https:' || isPrivateAddress(host) || !hostAllowed(policy, host, url.port)) {
		throw new Refusal('not_authorized', 'attachment.error.host');
	}
	return new URL(`https://${url.host}${url.pathname}`);
}

export interface FetchBlobOptions {
	/** Overall deadline for connecting and reading the whole blob. */
	timeoutMs?: number;
	/** Name resolution under the address guard (tests inject one; default: the system resolver). */
	lookup?: Parameters<typeof guardedLookup>[0];
}

class DeadlineExceeded extends Error {}

/** Downloads a URL from `resolveBlobUrl`; every failure is a typed refusal, never a raw error. */
export async function fetchBlob(url: URL, options: FetchBlobOptions = {}): Promise<Uint8Array> {
	const timeoutMs = options.timeoutMs ?? 20_000;
	const host = url.hostname.toLowerCase();
	let response: IncomingMessage;
	const deadline = new AbortController();
	const timer = setTimeout(() => deadline.abort(new DeadlineExceeded()), timeoutMs);
	try {
		response = await new Promise<IncomingMessage>((resolve, reject) => {
			let req;
			if (url.protocol === 'http:') {
				// Only the sandbox's loopback blob server is reached over plain http.
				if (!LOOPBACK.has(host)) return reject(new Refusal('not_authorized', 'attachment.error.host'));
				req = httpRequest(url, { method: 'GET', signal: deadline.signal });
			} else if (url.protocol === 'https:') {
				if (isPrivateAddress(host)) return reject(new Refusal('not_authorized', 'attachment.error.host'));
				req = httpsRequest(url, { method: 'GET', signal: deadline.signal, lookup: guardedLookup(options.lookup) });
			} else {
				return reject(new Refusal('not_authorized', 'attachment.error.host'));
			}
			req.once('response', resolve);
			req.once('error', reject);
			req.end();
		});
	} catch (error) {
		clearTimeout(timer);
		throw downloadRefusal(error, deadline.signal);
	}
	try {
		if (response.statusCode !== 200) throw new Refusal('conflict', 'attachment.error.fetch');
		const declared = Number(response.headers['content-length'] ?? '0');
		if (declared > ATTACHMENT_MAX_BYTES) throw new Refusal('invalid_input', 'chat.error.file');
		const chunks: Uint8Array[] = [];
		let size = 0;
		for await (const chunk of response as AsyncIterable<Buffer>) {
			size += chunk.length;
			if (size > ATTACHMENT_MAX_BYTES) throw new Refusal('invalid_input', 'chat.error.file');
			chunks.push(chunk);
		}
		const blob = new Uint8Array(size);
		let offset = 0;
		for (const chunk of chunks) {
			blob.set(chunk, offset);
			offset += chunk.length;
		}
		return blob;
	} catch (error) {
		throw downloadRefusal(error, deadline.signal);
	} finally {
		clearTimeout(timer);
		response.destroy();
	}
}

function downloadRefusal(error: unknown, signal: AbortSignal): Refusal {
	if (error instanceof Refusal) return error;
	if (signal.aborted) return new Refusal('conflict', 'attachment.error.timeout');
	if ((error as NodeJS.ErrnoException | null)?.code === BLOCKED_ADDRESS) return new Refusal('not_authorized', 'attachment.error.host');
	return new Refusal('conflict', 'attachment.error.fetch');
}
