// A test reader of the console's direct messages (issue 19): a second key that subscribes to
// gift wraps (kind 1059) addressed to it on a relay and opens each with nostr-tools' NIP-17
// helper, keeping the wrap and the opened rumor so tests can scan both.
import WebSocket from 'ws';
import { generateSecretKey, getPublicKey, type NostrEvent } from 'nostr-tools/pure';
import { unwrapEvent } from 'nostr-tools/nip17';
import { waitFor } from './wait-for.ts';

export interface ReceivedDm {
	wrap: NostrEvent;
	rumor: ReturnType<typeof unwrapEvent>;
	text: string;
	/** When the wrap reached the reader (performance.now()). */
	at: number;
}

export interface DmReader {
	secret: Uint8Array;
	pubkey: string;
	received: ReceivedDm[];
	/** Waits for a message whose text matches. */
	next(match: (text: string) => boolean, what: string, timeoutMs?: number): Promise<ReceivedDm>;
	stop(): void;
}

export async function startDmReader(relayUrl: string, secret: Uint8Array = generateSecretKey()): Promise<DmReader> {
	const pubkey = getPublicKey(secret);
	const socket = new WebSocket(relayUrl);
	await new Promise<void>((resolve, reject) => {
		socket.once('open', () => resolve());
		socket.once('error', reject);
	});
	const received: ReceivedDm[] = [];
	const seen = new Set<string>();
	socket.on('message', (data) => {
		const frame = JSON.parse(data.toString()) as unknown[];
		if (frame[0] !== 'EVENT') return;
		const wrap = frame[2] as NostrEvent;
		if (seen.has(wrap.id)) return;
		seen.add(wrap.id);
		const rumor = unwrapEvent(wrap, secret);
		received.push({ wrap, rumor, text: rumor.content, at: performance.now() });
	});
	socket.send(JSON.stringify(['REQ', 'dms', { kinds: [1059], '#p': [pubkey] }]));
	return {
		secret,
		pubkey,
		received,
		next: (match, what, timeoutMs = 5000) => waitFor(() => received.find((m) => match(m.text)), what, timeoutMs),
		stop: () => socket.close()
	};
}
