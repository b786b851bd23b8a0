// TOTP second factor (RFC 6238 through @oslojs/otp: 30-second steps, 6 digits) and
// one-time recovery codes. The TOTP key is sealed at rest by the caller; recovery
// codes are stored only as digests. Never logs keys or codes.
import { createTOTPKeyURI, generateHOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { digestToken } from './tokens.ts';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const RECOVERY_CODE_COUNT = 8;

export function generateTotpKey(): Uint8Array {
	return new Uint8Array(randomBytes(20));
}

export function totpKeyUri(accountName: string, key: Uint8Array): string {
	return createTOTPKeyURI('Mostro Mediator', accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** The key as people type it into an authenticator app, in groups of four. */
export function totpKeyForDisplay(key: Uint8Array): string {
	return encodeBase32UpperCaseNoPadding(key).replace(/(.{4})(?=.)/g, '$1 ');
}

export function isTotpCodeShape(code: string): boolean {
	return /^\d{6}$/.test(code);
}

/**
 * The time step (RFC 6238 counter) the code belongs to: the current step or one either side,
 * for clock drift; null when it matches none. Callers refuse a step at or before the last one
 * they accepted, so a code works once.
 */
export function matchTotpStep(key: Uint8Array, code: string, now = Date.now()): number | null {
	const trimmed = code.replace(/\s+/g, '');
	if (!isTotpCodeShape(trimmed)) return null;
	const current = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
	let matched: number | null = null;
	for (const step of [current - 1, current, current + 1]) {
		const expected = generateHOTP(key, BigInt(step), TOTP_DIGITS);
		if (timingSafeEqual(Buffer.from(expected), Buffer.from(trimmed)) && matched === null) matched = step;
	}
	return matched;
}

/** Whether the code is valid now (without the replay check; see matchTotpStep). */
export function verifyTotpCode(key: Uint8Array, code: string, now = Date.now()): boolean {
	return matchTotpStep(key, code, now) !== null;
}

/** Recovery codes look like `abcd-efgh-ijkl`; only their digests are stored. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
	const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
	return Array.from({ length: count }, () => {
		const bytes = randomBytes(12);
		const chars = Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
		return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
	});
}

export function normalizeRecoveryCode(code: string): string {
	return code.trim().toLowerCase().replace(/\s+/g, '');
}

export function digestRecoveryCode(code: string): string {
	return digestToken(normalizeRecoveryCode(code));
}
