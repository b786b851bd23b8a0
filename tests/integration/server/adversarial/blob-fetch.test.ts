// Attachment downloads against a hostile blob server on 127.0.0.1: a redirect to a private
// address is not followed, an oversized blob is refused from its declared length, and a
// stream that grows past 25 MB is cut off.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchBlob } from '../../../../src/lib/server/mostro/dispute-chat/blob-fetch.ts';

let server: Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		hits.push(req.url ?? '');
		if (req.url === '/redirect') {
			res.writeHead(302, { location: 'http://10.0.0.1/secret' });
			res.end();
		} else if (req.url === '/declared-huge') {
			res.writeHead(200, { 'content-length': String(30 * 1024 * 1024) });
			res.end();
		} else if (req.url === '/endless') {
			res.writeHead(200);
			const chunk = Buffer.alloc(1024 * 1024, 7);
			let sent = 0;
			const pump = () => {
				while (sent < 40 && res.write(chunk)) sent += 1;
				if (sent < 40) res.once('drain', pump);
				else res.end();
			};
			pump();
		} else {
			res.writeHead(200);
			res.end(Buffer.from('small blob'));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('blob downloads', () => {
	it('reads a normal blob', async () => {
		expect(new TextDecoder().decode(await fetchBlob(new URL(`${base}/ok`)))).toBe('small blob');
	});

	it('does not follow a redirect', async () => {
		await expect(fetchBlob(new URL(`${base}/redirect`))).rejects.toMatchObject({ messageKey: 'attachment.error.fetch' });
		expect(hits).not.toContain('/secret');
	});

	it('refuses a blob declared larger than 25 MB without reading it', async () => {
		await expect(fetchBlob(new URL(`${base}/declared-huge`))).rejects.toMatchObject({ messageKey: 'chat.error.file' });
	});

	it('cuts off a stream that grows past 25 MB', async () => {
		await expect(fetchBlob(new URL(`${base}/endless`))).rejects.toMatchObject({ messageKey: 'chat.error.file' });
	});
});
