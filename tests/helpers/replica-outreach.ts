// Doubles for tests of several replicas working one webhook queue and one notification table
// (issue 20): an https receiver that counts the delivery ids it was posted (slow on purpose, so
// another dispatcher's tick runs meanwhile), a dispatcher allowed to reach it, and a DM transport
// that counts what it published.
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createSelfSignedCert } from '../../sim/lnd/self-signed-cert.ts';
import type { Sealer } from '../../src/lib/server/vault/seal.ts';
import type { Db } from '../../src/lib/server/db/index.ts';
import { WebhookDispatcher } from '../../src/lib/server/webhooks/webhook-dispatcher.ts';
import type { DmTransport } from '../../src/lib/server/notifications/dm-transport.ts';

const tls = createSelfSignedCert('replica-outreach');

export interface CountingReceiver {
	port: number;
	deliveries: string[];
	stop(): Promise<void>;
}

export async function startCountingReceiver(): Promise<CountingReceiver> {
	const deliveries: string[] = [];
	const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
		req.resume();
		req.on('end', () => {
			deliveries.push(String(req.headers['x-mediator-delivery']));
			setTimeout(() => res.writeHead(204).end(), 30);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as AddressInfo).port,
		deliveries,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

export function receiverPolicy(port: number) {
	return { allowedHosts: [`127.0.0.1:${port}`], allowLoopback: true };
}

export function dispatcherFor(db: Db, sealer: Sealer, port: number): WebhookDispatcher {
	return new WebhookDispatcher(db, sealer, { policy: receiverPolicy(port), origin: null, transport: { ca: tls.certPem, timeoutMs: 2000 } });
}

export function countingTransport(): DmTransport & { sent: string[] } {
	const sent: string[] = [];
	return {
		sent,
		relaysFor: async () => ['wss://dm.example'],
		publish: async (event, to) => {
			sent.push(event.id);
			await new Promise((resolve) => setTimeout(resolve, 20));
			return to.map((relay) => ({ relay, accepted: true, message: '', rttMs: null }));
		},
		stop: () => undefined
	};
}
