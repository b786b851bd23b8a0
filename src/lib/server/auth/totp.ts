// TOTP second factor (RFC 6238 through @oslojs/otp: 30-second steps, 6 digits) and
// one-time recovery codes. The TOTP key is sealed at rest by the caller; recovery
// codes are stored only as digests. Never logs keys or codes.
import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';
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

/** Accepts the current step and one step either side, for clock drift. */
export function verifyTotpCode(key: Uint8Array, code: string): boolean {
	const trimmed = code.replace(/\s+/g, '');
	if (!isTotpCodeShape(trimmed)) return false;
	return verifyTOTPWithGracePeriod(key, TOTP_PERIOD_SECONDS, TOTP_DIGITS, trimmed, TOTP_PERIOD_SECONDS);
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
