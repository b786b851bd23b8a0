// A relay outage for the soak benchmark and the fault tests: a loopback TCP forwarder between
// the console and a relay. `cut()` drops every open connection and closes the port (to the console the
// relay is gone, as when its process is killed); `restore()` listens on the same port again, so
// the console's configured relay URL stays valid. The node double and the traders keep their own
// connections to the relay and go on publishing meanwhile, which the console must catch up on.
// Must never listen beyond 127.0.0.1 and must leave no socket open after `close()`.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface RelayCut {
	/** ws:// URL the console is given. */
	url: string;
	isUp(): boolean;
	cut(): Promise<void>;
	restore(): Promise<void>;
	close(): Promise<void>;
}

export async function startRelayCut(relayUrl: string): Promise<RelayCut> {
	const target = new URL(relayUrl);
	const sockets = new Set<Socket>();
	let server: Server | null = null;
	let port = 0;

	const listen = () =>
		new Promise<void>((resolve, reject) => {
			const s = createServer((client) => {
				const upstream = connect(Number(target.port), target.hostname);
				for (const sock of [client, upstream]) {
					sockets.add(sock);
					sock.on('close', () => sockets.delete(sock));
					sock.on('error', () => sock.destroy());
				}
				client.pipe(upstream);
				upstream.pipe(client);
				client.on('close', () => upstream.destroy());
				upstream.on('close', () => client.destroy());
			});
			s.once('error', reject);
			s.listen(port, '127.0.0.1', () => {
				port = (s.address() as { port: number }).port;
				server = s;
				resolve();
			});
		});

	const cut = async () => {
		const s = server;
		server = null;
		for (const sock of sockets) sock.destroy();
		sockets.clear();
		if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
	};

	await listen();
	return {
		url: `ws://127.0.0.1:${port}`,
		isUp: () => server !== null,
		cut,
		restore: async () => {
			if (server) return;
			for (let attempt = 0; ; attempt++) {
				try {
					return await listen();
				} catch (error) {
					if (attempt >= 20) throw error;
					await new Promise((r) => setTimeout(r, 250));
				}
			}
		},
		close: cut
	};
}
