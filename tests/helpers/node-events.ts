// Signs the node's public events for tests that play the Mostro node on a real relay.
import WebSocket from 'ws';
import { generateSecretKey } from 'nostr-tools/pure';
import { buildDisputeEventTemplate, type DisputeEventInit } from '../../src/lib/protocol/events/dispute-event.ts';
import { getPubkey } from '../../src/lib/protocol/keys.ts';
import { signEvent, type NostrEvent } from '../../src/lib/protocol/event.ts';

export interface TestNode {
	secret: Uint8Array;
	pubkey: string;
	dispute(init: Omit<DisputeEventInit, 'now'> & { now?: number }): NostrEvent;
}

export function makeTestNode(secret = generateSecretKey()): TestNode {
	return {
		secret,
		pubkey: getPubkey(secret),
		dispute: (init) => signEvent(buildDisputeEventTemplate({ now: Math.floor(Date.now() / 1000), ...init }), secret)
	};
}

/** Publishes events to a relay over a fresh websocket and waits for every OK. */
export async function publishToRelay(url: string, events: NostrEvent[], timeoutMs = 5000): Promise<void> {
	const socket = new WebSocket(url);
	await new Promise<void>((resolve, reject) => {
		socket.once('open', () => resolve());
		socket.once('error', reject);
	});
	const pending = new Set(events.map((e) => e.id));
	const done = new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`relay did not acknowledge ${pending.size} events`)), timeoutMs);
		socket.on('message', (data) => {
			const frame = JSON.parse(data.toString()) as unknown[];
			if (frame[0] === 'OK' && typeof frame[1] === 'string') pending.delete(frame[1]);
			if (pending.size === 0) {
				clearTimeout(timer);
				resolve();
			}
		});
	});
	for (const event of events) socket.send(JSON.stringify(['EVENT', event]));
	if (events.length > 0) await done;
	socket.close();
}

/** The events a relay holds for one filter (a fresh websocket; up to EOSE or `timeoutMs`). */
export async function queryRelay(url: string, filter: Record<string, unknown>, timeoutMs = 5000): Promise<unknown[]> {
	const socket = new WebSocket(url);
	await new Promise<void>((resolve, reject) => {
		socket.once('open', () => resolve());
		socket.once('error', reject);
	});
	const events: unknown[] = [];
	try {
		await new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('relay sent no EOSE')), timeoutMs);
			socket.on('message', (data) => {
				const frame = JSON.parse(data.toString()) as unknown[];
				if (frame[0] === 'EVENT' && frame[1] === 'q') events.push(frame[2]);
				if (frame[0] === 'EOSE' && frame[1] === 'q') {
					clearTimeout(timer);
					resolve();
				}
			});
			socket.send(JSON.stringify(['REQ', 'q', filter]));
		});
	} finally {
		socket.close();
	}
	return events;
}
