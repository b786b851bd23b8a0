// The webhook signature header (issue 19, docs/notifications.md): HMAC-SHA256 of "t.body".
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isValidWebhookSignature, makeWebhookSecret, signWebhookBody } from '../../../../src/lib/server/webhooks/webhook-signature.ts';

describe('webhook signature', () => {
	const secret = 'whsec_test';
	const body = '{"event":"webhook.test"}';
	it('is t=<unix>,v1=<hex HMAC-SHA256 of "t.body"> keyed with the secret text', () => {
		const expected = createHmac('sha256', secret).update(`1800000000.${body}`).digest('hex');
		expect(signWebhookBody(secret, 1_800_000_000, body)).toBe(`t=1800000000,v1=${expected}`);
	});
	it('verifies within the tolerance only, and only for the same body and secret', () => {
		const header = signWebhookBody(secret, 1_800_000_000, body);
		expect(isValidWebhookSignature(secret, header, body, 1_800_000_100)).toBe(true);
		expect(isValidWebhookSignature(secret, header, body, 1_800_000_400)).toBe(false);
		expect(isValidWebhookSignature(secret, header, body + ' ', 1_800_000_000)).toBe(false);
		expect(isValidWebhookSignature('whsec_other', header, body, 1_800_000_000)).toBe(false);
		expect(isValidWebhookSignature(secret, 'garbage', body, 1_800_000_000)).toBe(false);
	});
	it('makes distinct 32-byte secrets', () => {
		const a = makeWebhookSecret();
		expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
		expect(makeWebhookSecret()).not.toBe(a);
	});
});
