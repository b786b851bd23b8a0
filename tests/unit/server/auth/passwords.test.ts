import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, hashPassword, verifyPassword } from '../../../../src/lib/server/auth/passwords.ts';

describe('password policy', () => {
	it('requires 12 characters', () => {
		expect(checkPasswordPolicy('short pass')).toBe('too_short');
		expect(checkPasswordPolicy('a long enough phrase')).toBeNull();
	});

	it('refuses common and trivially guessable passwords', () => {
		expect(checkPasswordPolicy('password1234')).toBe('too_common');
		expect(checkPasswordPolicy('QWERTY123456')).toBe('too_common');
		expect(checkPasswordPolicy('aaaaaaaaaaaaaaa')).toBe('too_common');
		expect(checkPasswordPolicy('alice1234567', 'alice')).toBe('too_common');
	});

	it('refuses absurdly long passwords', () => {
		expect(checkPasswordPolicy('x'.repeat(257) + 'yz')).toBe('too_long');
	});
});

describe('password hashing', () => {
	it('hashes with argon2id and verifies', async () => {
		const hash = await hashPassword('correct horse battery');
		expect(hash.startsWith('$argon2id$')).toBe(true);
		expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
		expect(await verifyPassword(hash, 'wrong horse battery')).toBe(false);
		expect(await verifyPassword('not a hash', 'x')).toBe(false);
	});
});
