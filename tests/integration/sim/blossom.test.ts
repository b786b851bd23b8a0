import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BLOB_BYTES, startBlobServer } from '../../../sim/blossom/index.ts';
import type { BlobDescriptor, RunningBlobServer } from '../../../sim/blossom/index.ts';

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('blob server', () => {
	let server: RunningBlobServer;
	beforeAll(async () => {
		server = await startBlobServer({ port: 0 });
	});
	afterAll(() => server.stop());

	it('listens on 127.0.0.1', () => {
		expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
	});

	it('accepts PUT /upload and returns a descriptor addressed by sha256', async () => {
		const bytes = new TextEncoder().encode('encrypted receipt bytes');
		const response = await fetch(`${server.url}/upload`, {
			method: 'PUT',
			body: bytes,
			headers: { 'Content-Type': 'application/octet-stream' }
		});
		expect(response.status).toBe(200);
		const descriptor = (await response.json()) as BlobDescriptor;
		expect(descriptor.sha256).toBe(sha256Hex(bytes));
		expect(descriptor.url).toBe(`${server.url}/${descriptor.sha256}`);
		expect(descriptor.size).toBe(bytes.byteLength);
		expect(descriptor.type).toBe('application/octet-stream');

		const fetched = await fetch(descriptor.url);
		expect(fetched.status).toBe(200);
		expect(fetched.headers.get('content-type')).toBe('application/octet-stream');
		expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(bytes);
	});

	it('serves /<sha256>.<ext>, HEAD, and 404 for unknown blobs', async () => {
		const bytes = new Uint8Array([1, 2, 3, 4, 5]);
		const { url, sha256 } = await server.put(bytes);
		expect(url).toBe(`${server.url}/${sha256}`);
		const withExt = await fetch(`${url}.jpg`);
		expect(new Uint8Array(await withExt.arrayBuffer())).toEqual(bytes);
		const head = await fetch(url, { method: 'HEAD' });
		expect(head.status).toBe(200);
		expect(head.headers.get('content-length')).toBe('5');
		expect((await fetch(`${server.url}/${'0'.repeat(64)}`)).status).toBe(404);
		expect((await fetch(`${server.url}/not-a-hash`)).status).toBe(404);
		expect((await fetch(url, { method: 'DELETE' })).status).toBe(405);
	});

	it('refuses blobs over 25 MB with 413, by header and while streaming', async () => {
		const big = new Uint8Array(MAX_BLOB_BYTES + 1);
		const byLength = await fetch(`${server.url}/upload`, { method: 'PUT', body: big });
		expect(byLength.status).toBe(413);

		const streamedStatus = await new Promise<number>((resolve, reject) => {
			const req = request(`${server.url}/upload`, { method: 'PUT', headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
				res.resume();
				resolve(res.statusCode ?? 0);
			});
			req.on('error', reject);
			const chunk = Buffer.alloc(1024 * 1024);
			let sent = 0;
			const pump = (): void => {
				while (sent <= MAX_BLOB_BYTES) {
					sent += chunk.byteLength;
					if (!req.write(chunk)) {
						req.once('drain', pump);
						return;
					}
				}
				req.end();
			};
			pump();
		});
		expect(streamedStatus).toBe(413);
		await expect(server.put(big)).rejects.toThrow(/larger/);
	});
});
