// Random tokens and their stored digests: the token goes to the client once, only
// its SHA-256 is stored (sessions, setup links, API tokens, recovery codes).
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';

export function generateToken(bytes = 20): string {
	return encodeBase32LowerCaseNoPadding(new Uint8Array(randomBytes(bytes)));
}

export function digestToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
