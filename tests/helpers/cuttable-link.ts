// A TCP forwarder on 127.0.0.1 that a fault test can cut (every open connection dropped, new
// ones refused) and restore on the same port: a relay or LND that is down for the console
// only, while the node double keeps talking to it directly. Loopback only; stop() closes all.
import { connect, createServer, type Server, type Socket } from 'node:net';

export class CuttableLink {
	readonly target: number;
	port = 0;
	#server: Server | null = null;
	readonly #sockets = new Set<Socket>();

	constructor(targetPort: number) {
		this.target = targetPort;
	}

	/** Starts forwarding (again, on the same port after a cut). */
	async up(): Promise<void> {
		if (this.#server) return;
		const server = createServer((inbound) => {
			const outbound = connect(this.target, '127.0.0.1');
			for (const socket of [inbound, outbound]) {
				this.#sockets.add(socket);
				socket.on('close', () => this.#sockets.delete(socket));
				socket.on('error', () => socket.destroy());
			}
			inbound.on('close', () => outbound.destroy());
			outbound.on('close', () => inbound.destroy());
			inbound.pipe(outbound).pipe(inbound);
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(this.port, '127.0.0.1', () => resolve());
		});
		this.port = (server.address() as { port: number }).port;
		this.#server = server;
	}

	/** Drops every connection and stops listening. */
	async down(): Promise<void> {
		const server = this.#server;
		this.#server = null;
		for (const socket of this.#sockets) socket.destroy();
		if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
