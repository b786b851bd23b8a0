// One websocket client of the embedded relay: turns raw frames into validated NIP-01
// messages (size cap, JSON, @nostr-relay/validator schema) and hands them to
// @nostr-relay/core one at a time, in arrival order. Malformed input is answered with
// NOTICE (or OK false / CLOSED when the frame names an event or subscription). It must
// never throw out of a socket handler, so a bad frame can never crash the relay.
import type { NostrRelay } from '@nostr-relay/core';
import type { Validator } from '@nostr-relay/validator';
import type { RawData, WebSocket } from 'ws';

export type ConnectionLimits = {
	/** Frames larger than this are answered with NOTICE and dropped. */
	maxMessageBytes: number;
	/** Frames queued behind a slow one beyond this are dropped with NOTICE. */
	maxPendingFrames: number;
};

function frameToBuffer(data: RawData): Buffer {
	if (Buffer.isBuffer(data)) return data;
	if (Array.isArray(data)) return Buffer.concat(data);
	return Buffer.from(data);
}

function describeError(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export function attachClient(socket: WebSocket, relay: NostrRelay, validator: Validator, limits: ConnectionLimits): void {
	let queue: Promise<void> = Promise.resolve();
	let pending = 0;

	const send = (message: unknown[]): void => {
		if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
	};

	const answerInvalid = (parsed: unknown, reason: string): void => {
		if (Array.isArray(parsed) && parsed[0] === 'EVENT') {
			const id: unknown = (parsed[1] as { id?: unknown } | null)?.id;
			if (typeof id === 'string' && /^[0-9a-f]{64}$/.test(id)) {
				send(['OK', id, false, reason]);
				return;
			}
		}
		if (Array.isArray(parsed) && parsed[0] === 'REQ' && typeof parsed[1] === 'string') {
			send(['CLOSED', parsed[1], reason]);
			return;
		}
		send(['NOTICE', reason]);
	};

	const handleFrame = async (frame: Buffer): Promise<void> => {
		if (frame.byteLength > limits.maxMessageBytes) {
			send(['NOTICE', `invalid: message too large (max ${limits.maxMessageBytes} bytes)`]);
			return;
		}
		let parsed: unknown;
		try {
			parsed = JSON.parse(frame.toString('utf8'));
		} catch {
			send(['NOTICE', 'invalid: message is not JSON']);
			return;
		}
		let message;
		try {
			message = await validator.validateIncomingMessage(parsed as object);
		} catch (error) {
			answerInvalid(parsed, describeError(error));
			return;
		}
		try {
			await relay.handleMessage(socket, message);
		} catch (error) {
			answerInvalid(parsed, `error: ${describeError(error)}`);
		}
	};

	relay.handleConnection(socket);
	socket.on('message', (data: RawData) => {
		if (pending >= limits.maxPendingFrames) {
			send(['NOTICE', 'rate-limited: too many messages in flight']);
			return;
		}
		pending += 1;
		const frame = frameToBuffer(data);
		queue = queue
			.then(() => handleFrame(frame))
			.finally(() => {
				pending -= 1;
			});
	});
	socket.on('error', () => {
		// A broken socket is followed by 'close', which releases the client.
	});
}
