import { generateTOTP } from '@oslojs/otp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { digestRecoveryCode, generateRecoveryCodes, generateTotpKey, totpKeyForDisplay, totpKeyUri, verifyTotpCode } from '../../../../src/lib/server/auth/totp.ts';

afterEach(() => vi.useRealTimers());

describe('TOTP', () => {
	it('accepts the current code and one step of drift, not older ones', () => {
		vi.useFakeTimers();
		vi.setSystemTime(new Date('2026-11-20T12:00:10Z'));
		const key = generateTotpKey();
		const now = generateTOTP(key, 30, 6);
		expect(verifyTotpCode(key, now)).toBe(true);
		expect(verifyTotpCode(key, now.slice(0, 3) + ' ' + now.slice(3))).toBe(true);
		vi.setSystemTime(new Date('2026-11-20T12:00:40Z'));
		expect(verifyTotpCode(key, now)).toBe(true);
		vi.setSystemTime(new Date('2026-11-20T12:02:00Z'));
		expect(verifyTotpCode(key, now)).toBe(false);
	});

	it('refuses malformed codes and other keys', () => {
		const key = generateTotpKey();
		expect(verifyTotpCode(key, 'abcdef')).toBe(false);
		expect(verifyTotpCode(key, '1234567')).toBe(false);
		expect(verifyTotpCode(generateTotpKey(), generateTOTP(key, 30, 6))).toBe(false);
	});

	it('describes the key for authenticator apps', () => {
		const key = generateTotpKey();
		expect(totpKeyUri('alice', key)).toMatch(/^otpauth:\/\/totp\/Mostro%20Mediator:alice\?/);
		expect(totpKeyForDisplay(key).replace(/ /g, '')).toHaveLength(32);
	});

	it('makes distinct recovery codes whose digest ignores case and spacing', () => {
		const codes = generateRecoveryCodes();
		expect(new Set(codes).size).toBe(codes.length);
		expect(codes[0]).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
		expect(digestRecoveryCode(` ${codes[0]!.toUpperCase()} `)).toBe(digestRecoveryCode(codes[0]!));
	});
});
