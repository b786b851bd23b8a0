// Which URLs a webhook may be sent to (issue 19 "Webhooks": https only, hosts allow-listed, the
// attachment fetcher's SSRF rules). The allow-list comes from the deployment
// (MEDIATOR_WEBHOOK_HOSTS), not from the operator's form; loopback is reachable only when the
// sandbox or a test says so. The address actually connected to is checked again when the socket
// resolves the name (blob-address.ts `guardedLookup`). Must never accept http://, credentials
// in the URL, or a private, loopback or link-local address that was not explicitly allowed.
import { isIP } from 'node:net';
import { Refusal } from '../errors.ts';
import { isPrivateAddress } from '../mostro/dispute-chat/blob-address.ts';

export interface WebhookPolicy {
	/** host or host:port entries (port 443 when none is named). */
	allowedHosts: readonly string[];
	/** Admit 127.0.0.1 / ::1 / localhost (the sandbox's or a test's receiver). */
	allowLoopback: boolean;
}

export const NO_WEBHOOK_HOSTS: WebhookPolicy = { allowedHosts: [], allowLoopback: false };

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackAddress(address: string): boolean {
	const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
	if (bare === 'localhost' || bare === '::1' || bare === '::ffff:127.0.0.1') return true;
	return isIP(bare) === 4 && bare.startsWith('127.');
}

function hostAllowed(policy: WebhookPolicy, host: string, port: string): boolean {
	if (port === '' || port === '443') return policy.allowedHosts.includes(host) || policy.allowedHosts.includes(`${host}:443`);
	return policy.allowedHosts.includes(`${host}:${port}`);
}

/**
 * The URL to deliver to, or a Refusal (`invalid_input` for a malformed URL, `not_authorized` for
 * one the rules forbid). Checked when an endpoint is saved and again before every attempt.
 */
export function parseWebhookUrl(raw: string, policy: WebhookPolicy): URL {
	const url = URL.parse(raw.trim());
	if (!url || url.username || url.password || url.hash) throw new Refusal('invalid_input', 'webhooks.error.url', { field: 'url' });
	if (url.protocol !== 'https:') throw new Refusal('not_authorized', 'webhooks.error.https', { field: 'url' });
	const host = url.hostname.toLowerCase();
	const loopback = LOOPBACK_NAMES.has(host) || isLoopbackAddress(host);
	if (isPrivateAddress(host) && !(loopback && policy.allowLoopback)) throw new Refusal('not_authorized', 'webhooks.error.private', { field: 'url' });
	if (!hostAllowed(policy, host, url.port)) throw new Refusal('not_authorized', 'webhooks.error.host', { field: 'url', params: { host } });
	return url;
}
