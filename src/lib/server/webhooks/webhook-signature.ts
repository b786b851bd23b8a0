// The signature every webhook POST carries (issue 19 "Webhooks"): the header
// `X-Mediator-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with the
// endpoint's secret as UTF-8 text. The timestamp lets a receiver refuse replays (docs/notifications.md).
// Never logs the secret or returns it.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Mediator-Signature';

/** A fresh endpoint secret: 32 random bytes, shown once as `whsec_` + base64url. */
export function makeWebhookSecret(): string {
	return 'whsec_' + randomBytes(32).toString('base64url');
}

export function signWebhookBody(secret: string, unixSeconds: number, body: string): string {
	const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
	return `t=${unixSeconds},v1=${mac}`;
}

/** True when `header` signs `body` with `secret` and its time is within `toleranceSeconds` of `nowSeconds`. */
export function isValidWebhookSignature(secret: string, header: string, body: string, nowSeconds: number, toleranceSeconds = 300): boolean {
	const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
	const t = Number(parts.get('t'));
	const given = parts.get('v1') ?? '';
	if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(given)) return false;
	const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
	return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}
