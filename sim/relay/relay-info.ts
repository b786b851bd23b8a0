// NIP-11 relay information document for the embedded relay, served over plain HTTP GET
// with `Accept: application/nostr+json` on the websocket's port (NIP-11 §"Relay
// Information Document", with its CORS headers). It must never describe limits the relay
// does not enforce.
import type { IncomingMessage, ServerResponse } from 'node:http';

export type RelayLimits = {
	maxMessageLength: number;
	maxSubscriptions: number;
	maxLimit: number;
	maxContentLength: number;
};

export function buildRelayInfo(limits: RelayLimits): Record<string, unknown> {
	return {
		name: 'mostro-mediator sandbox relay',
		description: 'Embedded Nostr relay for the Mostro Mediator Console tests and sandbox.',
		supported_nips: [1, 9, 11, 40],
		software: 'mostro-mediator/sim/relay (@nostr-relay/core)',
		version: '0.1.0',
		limitation: {
			max_message_length: limits.maxMessageLength,
			max_subscriptions: limits.maxSubscriptions,
			max_limit: limits.maxLimit,
			max_content_length: limits.maxContentLength,
			auth_required: false,
			payment_required: false,
			restricted_writes: false
		}
	};
}

export function isRelayInfoRequest(request: IncomingMessage): boolean {
	return request.method === 'GET' && (request.headers.accept ?? '').includes('application/nostr+json');
}

const CORS_HEADERS = {
	'Access-Control-Allow-Origin': '*',
	'Access-Control-Allow-Headers': '*',
	'Access-Control-Allow-Methods': 'GET, OPTIONS'
};

/** Answers a plain HTTP request: NIP-11 JSON, a CORS pre-flight, or a short hint. */
export function answerHttpRequest(request: IncomingMessage, response: ServerResponse, info: Record<string, unknown>): void {
	if (request.method === 'OPTIONS') {
		response.writeHead(204, CORS_HEADERS).end();
	} else if (isRelayInfoRequest(request)) {
		response.writeHead(200, { ...CORS_HEADERS, 'Content-Type': 'application/nostr+json' });
		response.end(JSON.stringify(info));
	} else {
		response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8' });
		response.end('Nostr relay: connect with a websocket, or ask for application/nostr+json.\n');
	}
}
