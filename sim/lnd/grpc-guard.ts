// Wraps the LND double's gRPC handlers: every call must carry the double's macaroon (hex in
// the `macaroon` metadata, as LND expects) and is refused with UNAVAILABLE while the node is
// "down"; thrown LndErrors become gRPC statuses. Open server streams are tracked so they can
// be failed or ended together. It must never run a handler for an unauthenticated call.
import { timingSafeEqual } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { Metadata, ServerUnaryCall, ServerWritableStream, ServiceError, sendUnaryData, handleServerStreamingCall, handleUnaryCall } from '@grpc/grpc-js';
import { LndError } from './lnd-errors.ts';

type Request = Record<string, unknown>;
type Response = Record<string, unknown>;
export type OpenStream = ServerWritableStream<Request, Response>;

export type GuardState = {
	macaroonHex: string;
	isDown(): boolean;
	streams: Set<OpenStream>;
};

function statusError(code: status, details: string): Partial<ServiceError> {
	return { code, details, message: details };
}

export function toStatus(error: unknown): Partial<ServiceError> {
	if (error instanceof LndError) return statusError(status[error.code], error.message);
	return statusError(status.UNKNOWN, error instanceof Error ? error.message : String(error));
}

/** Null when the call may proceed, else the status to answer with. */
function refusal(state: GuardState, metadata: Metadata): Partial<ServiceError> | null {
	if (state.isDown()) return statusError(status.UNAVAILABLE, 'Connection dropped');
	const sent = metadata.get('macaroon')[0];
	const expected = Buffer.from(state.macaroonHex, 'hex');
	const given = typeof sent === 'string' && /^[0-9a-fA-F]*$/.test(sent) ? Buffer.from(sent, 'hex') : Buffer.alloc(0);
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
		return statusError(status.UNAUTHENTICATED, 'verification failed: signature mismatch after caveat verification');
	}
	return null;
}

export function guardedUnary(state: GuardState, handler: (request: Request) => Response): handleUnaryCall<Request, Response> {
	return (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => {
		const refused = refusal(state, call.metadata);
		if (refused) {
			callback(refused);
			return;
		}
		try {
			callback(null, handler(call.request));
		} catch (error) {
			callback(toStatus(error));
		}
	};
}

/**
 * `handler` writes the first messages and returns an unsubscribe function that runs when
 * the client cancels or the stream is closed.
 */
export function guardedStream(state: GuardState, handler: (request: Request, stream: OpenStream) => () => void): handleServerStreamingCall<Request, Response> {
	return (stream: OpenStream) => {
		const refused = refusal(state, stream.metadata);
		if (refused) {
			stream.emit('error', refused);
			return;
		}
		state.streams.add(stream);
		let release: () => void = () => undefined;
		const close = (): void => {
			state.streams.delete(stream);
			release();
		};
		stream.on('cancelled', close);
		stream.on('close', close);
		stream.on('finish', close);
		try {
			release = handler(stream.request, stream);
		} catch (error) {
			close();
			const failure = toStatus(error);
			stream.emit('error', failure);
		}
	};
}

/** Fail every open stream (the node went down or is stopping). */
export function failStreams(state: GuardState, code: status, details: string): void {
	for (const stream of [...state.streams]) {
		state.streams.delete(stream);
		stream.emit('error', statusError(code, details));
	}
}
