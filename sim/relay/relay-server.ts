// The embedded Nostr relay used by tests and sandbox mode: @nostr-relay/core behind a `ws`
// server, events stored in node:sqlite (file or ':memory:'), NIP-11 on the same port over
// HTTP. Follows NIP-01, NIP-09, NIP-11 and NIP-40. It must never bind to anything but the
// loopback interface, and `stop()` must close every socket it opened.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel } from '@nostr-relay/common';
import { NostrRelay } from '@nostr-relay/core';
import { Validator } from '@nostr-relay/validator';
import { WebSocketServer } from 'ws';
import { attachClient } from './client-connection.ts';
import { LiveFanOut } from './live-fan-out.ts';
import { PublishGuard } from './publish-guard.ts';
import { answerHttpRequest, buildRelayInfo } from './relay-info.ts';
import { MAX_QUERY_LIMIT, SqliteEventRepository } from './sqlite-event-repository.ts';

export type RelayOptions = {
	/** TCP port; 0 (the default) picks a free ephemeral port. */
	port?: number;
	/** Loopback address to bind; anything else is refused. */
	host?: string;
	/** SQLite file path, or ':memory:' (the default) for a relay that forgets on stop. */
	dbPath?: string;
	/** The most events one filter returns (public relays often answer at most 100). Default MAX_QUERY_LIMIT. */
	maxQueryLimit?: number;
};

export type RunningRelay = {
	/** ws://127.0.0.1:PORT */
	url: string;
	port: number;
	stop(): Promise<void>;
	/** Number of stored events (expired ones not yet purged included). */
	eventCount(): number;
	/** Delete every stored event, to simulate a relay that dropped its data. */
	wipe(): void;
};

export const MAX_MESSAGE_BYTES = 256 * 1024;
const MAX_SUBSCRIPTIONS = 100;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

/** Start the relay. Throws when `host` is not a loopback address or the port is taken. */
export async function startRelay(options: RelayOptions = {}): Promise<RunningRelay> {
	const host = options.host ?? '127.0.0.1';
	if (!LOOPBACK_HOSTS.has(host)) throw new Error(`relay must bind to loopback, not ${host}`);
	const repository = new SqliteEventRepository(options.dbPath ?? ':memory:', nowSeconds, options.maxQueryLimit);
	const fanOut = new LiveFanOut(nowSeconds);
	const relay = new NostrRelay(repository, {
		logLevel: LogLevel.ERROR,
		maxSubscriptionsPerClient: MAX_SUBSCRIPTIONS,
		filterResultCacheTtl: 0,
		eventHandlingResultCacheTtl: 0
	});
	relay.register(fanOut).register(new PublishGuard(repository, nowSeconds));
	const validator = new Validator({ maxContentLength: MAX_MESSAGE_BYTES, maxTagValueLength: 8192 });
	const info = buildRelayInfo({
		maxMessageLength: MAX_MESSAGE_BYTES,
		maxSubscriptions: MAX_SUBSCRIPTIONS,
		maxLimit: MAX_QUERY_LIMIT,
		maxContentLength: MAX_MESSAGE_BYTES
	});

	const httpServer = createServer((request, response) => answerHttpRequest(request, response, info));
	try {
		await new Promise<void>((resolve, reject) => {
			httpServer.once('error', reject);
			httpServer.listen(options.port ?? 0, host, () => {
				httpServer.off('error', reject);
				resolve();
			});
		});
	} catch (error) {
		await repository.destroy();
		throw error;
	}
	// Attached only once listening: a WebSocketServer re-emits its HTTP server's errors, so one
	// created before a failed listen (port taken) would crash the process instead of letting the
	// caller try another port.
	// Frames above the hard cap close the socket (1009); between the soft and hard cap the
	// client gets a NOTICE and keeps its connection.
	const wss = new WebSocketServer({ server: httpServer, maxPayload: 4 * MAX_MESSAGE_BYTES });
	wss.on('connection', (socket) => {
		attachClient(socket, relay, validator, { maxMessageBytes: MAX_MESSAGE_BYTES, maxPendingFrames: 1000 });
		socket.on('close', () => {
			relay.handleDisconnect(socket);
			fanOut.forget(socket);
		});
	});
	const port = (httpServer.address() as AddressInfo).port;
	const urlHost = host === '::1' ? '[::1]' : host;

	let stopping: Promise<void> | undefined;
	const stop = (): Promise<void> => {
		stopping ??= (async () => {
			for (const socket of wss.clients) socket.terminate();
			await new Promise<void>((resolve) => wss.close(() => resolve()));
			await new Promise<void>((resolve) => {
				httpServer.close(() => resolve());
				httpServer.closeAllConnections();
			});
			await relay.destroy();
			await repository.destroy();
		})();
		return stopping;
	};

	return {
		url: `ws://${urlHost}:${port}`,
		port,
		stop,
		eventCount: () => repository.count(),
		wipe: () => repository.wipe()
	};
}
