// One webhook POST over https (issue 19 "Webhooks"): the connection goes through the attachment
// fetcher's address guard, so a listed name that resolves to a private or loopback address is
// refused at connect time (loopback only when the policy allows it); redirects are not followed,
// the answer's body is discarded, and one deadline covers the whole exchange. Returns what the
// delivery log records; never throws for a network failure and never logs the body or headers.
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { BLOCKED_ADDRESS, guardedLookup, isPrivateAddress } from '../mostro/dispute-chat/blob-address.ts';
import { isLoopbackAddress, type WebhookPolicy } from './webhook-address.ts';

export interface WebhookTransport {
	/** Overall deadline per attempt. */
	timeoutMs?: number;
	/** Name resolution under the guard (tests inject one; default: the system resolver). */
	lookup?: Parameters<typeof guardedLookup>[0];
	/** Extra trusted CA certificates in PEM (a test's self-signed receiver). */
	ca?: string;
}

export interface PostOutcome {
	/** HTTP status of the answer, null when none came. */
	status: number | null;
	latencyMs: number;
	/** Null on a 2xx; else a short code for the log. */
	error: string | null;
}

function errorCode(error: unknown, timedOut: boolean): string {
	if (timedOut) return 'timeout';
	const code = (error as NodeJS.ErrnoException | null)?.code;
	if (code === BLOCKED_ADDRESS) return 'blocked_address';
	if (code === 'ECONNREFUSED') return 'connection_refused';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
	if (typeof code === 'string' && (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT')) return 'tls';
	return 'network';
}

export async function postWebhook(url: URL, body: string, headers: Record<string, string>, policy: WebhookPolicy, transport: WebhookTransport = {}): Promise<PostOutcome> {
	const started = performance.now();
	const latency = () => Math.round(performance.now() - started);
	const host = url.hostname.toLowerCase();
	// A literal address is connected to without a lookup: check it here.
	if (url.protocol !== 'https:' || (isPrivateAddress(host) && !(policy.allowLoopback && isLoopbackAddress(host)))) return { status: null, latencyMs: 0, error: 'blocked_address' };
	const deadline = new AbortController();
	let timedOut = false;
	const timer = setTimeout(() => {
		timedOut = true;
		deadline.abort();
	}, transport.timeoutMs ?? 10_000);
	try {
		const status = await new Promise<number>((resolve, reject) => {
			const req = httpsRequest(url, {
				method: 'POST',
				signal: deadline.signal,
				lookup: guardedLookup(transport.lookup, (address) => policy.allowLoopback && isLoopbackAddress(address)),
				headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), 'User-Agent': 'mostro-mediator-webhooks', ...headers },
				...(transport.ca ? { ca: transport.ca } : {})
			});
			req.once('response', (response) => {
				response.resume();
				response.once('end', () => resolve(response.statusCode ?? 0));
				response.once('error', reject);
			});
			req.once('error', reject);
			req.end(body);
		});
		const ok = status >= 200 && status < 300;
		return { status, latencyMs: latency(), error: ok ? null : 'http_status' };
	} catch (error) {
		return { status: null, latencyMs: latency(), error: errorCode(error, timedOut) };
	} finally {
		clearTimeout(timer);
	}
}
