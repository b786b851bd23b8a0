// A relay that ignores filters and answers every REQ with whatever frames the test gives
// it (events, garbage strings, odd arrays), for testing intake against hostile relays.
import { WebSocketServer } from 'ws';

/** Answers only REQs with a filter for `kind` (so each item is delivered once). */
export async function startRogueRelay(items: unknown[], kind = 38386): Promise<{ url: string; stop(): Promise<void> }> {
	const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
	await new Promise<void>((resolve) => server.once('listening', () => resolve()));
	server.on('connection', (socket) => {
		socket.on('message', (data) => {
			const frame = JSON.parse(data.toString()) as unknown[];
			if (frame[0] !== 'REQ' || typeof frame[1] !== 'string') return;
			const wanted = frame.slice(2).some((filter) => Array.isArray((filter as { kinds?: unknown }).kinds) && (filter as { kinds: unknown[] }).kinds.includes(kind));
			if (!wanted) return;
			const sub = frame[1];
			for (const item of items) {
				if (item instanceof Uint8Array) socket.send(item, { binary: false });
				else if (typeof item === 'string') socket.send(item);
				else if (Array.isArray(item)) socket.send(JSON.stringify(item));
				else if (item && typeof item === 'object' && 'sig' in item) socket.send(JSON.stringify(['EVENT', sub, item]));
				else socket.send(JSON.stringify(item));
			}
			socket.send(JSON.stringify(['EOSE', sub]));
		});
	});
	const address = server.address();
	const port = typeof address === 'object' && address ? address.port : 0;
	return {
		url: `ws://127.0.0.1:${port}`,
		stop: () =>
			new Promise((resolve) => {
				for (const client of server.clients) client.terminate();
				server.close(() => resolve());
			})
	};
}
