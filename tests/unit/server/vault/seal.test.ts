import { describe, expect, it } from 'vitest';
import { createSealer, openText, sealText, SealError } from '../../../../src/lib/server/vault/seal.ts';

const key = new Uint8Array(32).fill(7);
const otherKey = new Uint8Array(32).fill(8);

describe('sealing secrets at rest', () => {
	it('round-trips and never repeats a ciphertext', () => {
		const sealer = createSealer(key);
		const a = sealText(sealer, 'nsec secret', 'solver-key:1');
		const b = sealText(sealer, 'nsec secret', 'solver-key:1');
		expect(a).not.toBe(b);
		expect(a).not.toContain('nsec');
		expect(openText(sealer, a, 'solver-key:1')).toBe('nsec secret');
	});

	it('refuses a tampered value', () => {
		const sealer = createSealer(key);
		const sealed = sealText(sealer, 'preimage', 'preimage:order-1');
		const body = Buffer.from(sealed.slice(3), 'base64url');
		body[body.length - 1]! ^= 1;
		expect(() => sealer.open('v1.' + body.toString('base64url'), 'preimage:order-1')).toThrow(SealError);
	});

	it('refuses the wrong key', () => {
		const sealed = sealText(createSealer(key), 'x', 'p');
		expect(() => createSealer(otherKey).open(sealed, 'p')).toThrow(SealError);
	});

	it('refuses a value moved to another purpose', () => {
		const sealer = createSealer(key);
		const sealed = sealText(sealer, 'x', 'solver-key:1');
		expect(() => sealer.open(sealed, 'solver-key:2')).toThrow(SealError);
	});

	it('refuses malformed input and short keys', () => {
		const sealer = createSealer(key);
		expect(() => sealer.open('garbage', 'p')).toThrow(SealError);
		expect(() => sealer.open('v1.AAAA', 'p')).toThrow(SealError);
		expect(() => createSealer(new Uint8Array(16))).toThrow(SealError);
	});
});
