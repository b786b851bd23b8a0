// Attachment downloads against a hostile blob server on 127.0.0.1: a redirect to a private
// address is not followed, an oversized blob is refused from its declared length, and a
// stream that grows past 25 MB is cut off.
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
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
		} else if (req.url === '/stall') {
			res.writeHead(200, { 'content-length': '100' });
			res.write(Buffer.from('partial'));
		} else {
			res.writeHead(200);
			res.end(Buffer.from('small blob'));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(
	() =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		})
);

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

	it('turns a server that stops answering into a typed "could not download" refusal', async () => {
		await expect(fetchBlob(new URL(`${base}/stall`), { timeoutMs: 300 })).rejects.toMatchObject({ name: 'Refusal', messageKey: 'attachment.error.timeout' });
	});
});

describe('the address is checked when the socket connects', () => {
	let tcp: TcpServer;
	let port = 0;
	let connections = 0;
	const sockets: Socket[] = [];

	beforeAll(async () => {
		tcp = createTcpServer((socket) => {
			connections += 1;
			sockets.push(socket);
		});
		await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
		const address = tcp.address();
		port = typeof address === 'object' && address ? address.port : 0;
	});

	afterAll(
		() =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				tcp.close(() => resolve());
			})
	);

	const resolvesTo = (addresses: string[]) => (_host: string, _options: unknown, callback: (error: null, list: { address: string; family: number }[]) => void) =>
		callback(
			null,
			addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
		);

	it('refuses an allowed name that resolves to loopback, without connecting', async () => {
		const url = new URL(`https://blossom.band:${port}/${'ab'.repeat(32)}`);
		await expect(fetchBlob(url, { timeoutMs: 2000, lookup: resolvesTo(['127.0.0.1']) })).rejects.toMatchObject({ messageKey: 'attachment.error.host' });
		expect(connections).toBe(0);
	});

	it('refuses a name with any private or IPv4-mapped loopback address among its answers', async () => {
		for (const answers of [['93.184.216.34', '10.0.0.7'], ['::ffff:127.0.0.1'], ['169.254.169.254'], ['fd00::1']]) {
			const url = new URL(`https://blossom.band:${port}/${'ab'.repeat(32)}`);
			await expect(fetchBlob(url, { timeoutMs: 2000, lookup: resolvesTo(answers) }), answers.join(',')).rejects.toMatchObject({ messageKey: 'attachment.error.host' });
		}
		expect(connections).toBe(0);
	});

	it('refuses a private literal address over https', async () => {
		await expect(fetchBlob(new URL(`https://127.0.0.1:${port}/x`), { timeoutMs: 2000 })).rejects.toMatchObject({ messageKey: 'attachment.error.host' });
		expect(connections).toBe(0);
	});
});
