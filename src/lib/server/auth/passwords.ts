// Password policy and hashing: Argon2id (@node-rs/argon2), at least 12 characters, not
// one of the commonly used passwords. Never logs a password or its hash.
import { hash, verify } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_common';

/** Returns why a new password is not acceptable, or null when it is. */
export function checkPasswordPolicy(password: string, userName?: string): PasswordProblem | null {
	if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
	if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
	const folded = password.toLowerCase();
	if (COMMON_PASSWORDS.has(folded)) return 'too_common';
	if (userName && folded.includes(userName.toLowerCase())) {
		const rest = folded.replace(userName.toLowerCase(), '');
		if (rest.length < 8 || /^[\d\W_]*$/.test(rest)) return 'too_common';
	}
	if (new Set(folded).size <= 2) return 'too_common';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	if (password.length > MAX_PASSWORD_LENGTH) return false;
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}
