// The webhook URL rules (issue 19 "Webhooks"): https only, allow-listed hosts, no private,
// loopback or link-local address unless loopback is explicitly allowed, and the address a name
// resolves to checked at connect time.
import { describe, expect, it } from 'vitest';
import { parseWebhookUrl, type WebhookPolicy } from '../../../../src/lib/server/webhooks/webhook-address.ts';
import { postWebhook } from '../../../../src/lib/server/webhooks/webhook-post.ts';
import { Refusal } from '../../../../src/lib/server/errors.ts';

const policy: WebhookPolicy = { allowedHosts: ['hooks.example.com', 'paging.example.org:8443', '10.0.0.5', '127.0.0.1:9443'], allowLoopback: false };

function refusal(url: string, p: WebhookPolicy = policy): string | null {
	try {
		parseWebhookUrl(url, p);
		return null;
	} catch (error) {
		if (error instanceof Refusal) return error.messageKey;
		throw error;
	}
}

describe('parseWebhookUrl', () => {
	const cases: Array<[string, string | null, WebhookPolicy?]> = [
		['https://hooks.example.com/mediator', null],
		['https://hooks.example.com:443/x', null],
		['https://paging.example.org:8443/x', null],
		['http://hooks.example.com/mediator', 'webhooks.error.https'],
		['ftp://hooks.example.com/', 'webhooks.error.https'],
		['https://other.example.com/', 'webhooks.error.host'],
		['https://hooks.example.com:8443/', 'webhooks.error.host'],
		['https://10.0.0.5/', 'webhooks.error.private'],
		['https://192.168.1.10/', 'webhooks.error.private'],
		['https://169.254.169.254/latest/meta-data', 'webhooks.error.private'],
		['https://[::1]/', 'webhooks.error.private'],
		['https://[fe80::1]/', 'webhooks.error.private'],
		['https://localhost/', 'webhooks.error.private'],
		['https://127.0.0.1:9443/', 'webhooks.error.private'],
		['https://127.0.0.1:9443/', null, { ...policy, allowLoopback: true }],
		['https://127.0.0.1:9999/', 'webhooks.error.host', { ...policy, allowLoopback: true }],
		['https://10.0.0.5/', 'webhooks.error.private', { ...policy, allowLoopback: true }],
		['https://user:pw@hooks.example.com/', 'webhooks.error.url'],
		['not a url', 'webhooks.error.url']
	];
	for (const [url, expected, p] of cases) {
		it(`${url}${p?.allowLoopback ? ' (loopback allowed)' : ''} → ${expected ?? 'accepted'}`, () => {
			expect(refusal(url, p)).toBe(expected);
		});
	}
});

describe('postWebhook address guard', () => {
	it('refuses at connect time an allowed name that resolves to a private address', async () => {
		const lookup: NonNullable<Parameters<typeof postWebhook>[4]>['lookup'] = (_host, _options, callback) => callback(null, [{ address: '10.1.2.3', family: 4 }]);
		const outcome = await postWebhook(new URL('https://hooks.example.com/x'), '{}', {}, policy, { lookup, timeoutMs: 2000 });
		expect(outcome).toEqual({ status: null, latencyMs: expect.any(Number), error: 'blocked_address' });
	});

	it('refuses a loopback name resolving to loopback unless loopback is allowed', async () => {
		const lookup: NonNullable<Parameters<typeof postWebhook>[4]>['lookup'] = (_host, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]);
		const outcome = await postWebhook(new URL('https://hooks.example.com:1/x'), '{}', {}, policy, { lookup, timeoutMs: 2000 });
		expect(outcome.error).toBe('blocked_address');
		// Allowed loopback passes the guard and reaches the socket (nothing listens on port 1).
		const allowed = await postWebhook(new URL('https://hooks.example.com:1/x'), '{}', {}, { ...policy, allowLoopback: true }, { lookup, timeoutMs: 2000 });
		expect(allowed.error).toBe('connection_refused');
	});

	it('still refuses a private address behind a name when loopback is allowed', async () => {
		const lookup: NonNullable<Parameters<typeof postWebhook>[4]>['lookup'] = (_host, _options, callback) =>
			callback(null, [
				{ address: '127.0.0.1', family: 4 },
				{ address: '192.168.0.2', family: 4 }
			]);
		const outcome = await postWebhook(new URL('https://hooks.example.com/x'), '{}', {}, { ...policy, allowLoopback: true }, { lookup, timeoutMs: 2000 });
		expect(outcome.error).toBe('blocked_address');
	});

	it('refuses a literal private address without connecting', async () => {
		expect((await postWebhook(new URL('https://10.0.0.5/x'), '{}', {}, policy)).error).toBe('blocked_address');
		expect((await postWebhook(new URL('http://hooks.example.com/x'), '{}', {}, policy)).error).toBe('blocked_address');
	});
});
