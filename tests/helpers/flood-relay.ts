// A hostile relay for flood tests: answers a dispute-chat REQ with `chatJunk` events tagged
// with a real conversation pubkey (random authors and signatures) and a dispute REQ with
// `forgedDisputes` dispute events from random authors, as fast as the socket takes them.
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FloodOptions {
	conversationPubkey: string;
	chatJunk: number;
	forgedDisputes: number;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

async function sendAll(socket: WebSocket, frames: number, make: (i: number) => string): Promise<void> {
	for (let i = 0; i < frames; i++) {
		if (socket.readyState !== socket.OPEN) return;
		socket.send(make(i));
		if (socket.bufferedAmount > 4 * 1024 * 1024) await new Promise((resolve) => setTimeout(resolve, 5));
	}
}

export async function startFloodRelay(options: FloodOptions): Promise<{ url: string; sent(): number; stop(): Promise<void> }> {
	const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
	await new Promise<void>((resolve) => server.once('listening', () => resolve()));
	let sent = 0;
	server.on('connection', (socket) => {
		socket.on('message', (data) => {
			const frame = JSON.parse(data.toString()) as unknown[];
			if (frame[0] !== 'REQ' || typeof frame[1] !== 'string') return;
			const sub = frame[1];
			const filters = frame.slice(2) as Array<{ kinds?: number[]; '#p'?: string[] }>;
			const now = Math.floor(Date.now() / 1000);
			void (async () => {
				// Hostile: any kind-14 REQ (the console asks by author) gets the junk tagged to the conversation.
				if (filters.some((f) => f.kinds?.includes(14))) {
					await sendAll(socket, options.chatJunk, () => {
						sent += 1;
						return JSON.stringify(['EVENT', sub, { id: hex(32), pubkey: hex(32), created_at: now, kind: 14, tags: [['p', options.conversationPubkey]], content: 'junk'.repeat(20), sig: hex(64) }]);
					});
				}
				if (filters.some((f) => f.kinds?.includes(38386))) {
					await sendAll(socket, options.forgedDisputes, (i) => {
						sent += 1;
						return JSON.stringify([
							'EVENT',
							sub,
							{
								id: hex(32),
								pubkey: hex(32),
								created_at: now,
								kind: 38386,
								tags: [
									['d', `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`],
									['s', 'initiated'],
									['z', 'dispute']
								],
								content: '',
								sig: hex(64)
							}
						]);
					});
				}
				if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(['EOSE', sub]));
			})();
		});
	});
	const address = server.address();
	return {
		url: `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
		sent: () => sent,
		stop: () =>
			new Promise((resolve) => {
				for (const client of server.clients) client.terminate();
				server.close(() => resolve());
			})
	};
}
