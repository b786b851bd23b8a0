// The libsecp256k1 backend gives exactly the verdicts of the pure BIP-340 code (noble) on valid
// events and on every kind of tampering: id, content, signature bytes, r ≥ p, r in [n, p), s ≥ n,
// s = 0, keys that are not on the curve or not hex; and a malformed input never throws.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { computeEventId, isEventSignatureValid, signEvent, type NostrEvent } from '../../../../src/lib/protocol/event.ts';
import { buildEvidenceSignatureVerifier, libsecp256k1Bip340 } from '../../../../src/lib/server/evidence/libsecp256k1-verifier.ts';
import { aliceSk, bobSk } from '../../protocol/fixtures.ts';

const events = Array.from({ length: 8 }, (_, i) => signEvent({ kind: 14, created_at: 1_760_000_000 + i, tags: [], content: `m${i}` }, i % 2 ? aliceSk : bobSk));
// r in [n, p): allowed by BIP-340, refused outright by libsecp256k1's input check (the pure path decides).
const R_BETWEEN_N_AND_P = (0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n + 5n).toString(16);
const flip = (hex: string, at: number) => hex.slice(0, at) + (hex[at] === '0' ? '1' : '0') + hex.slice(at + 1);

function variants(e: NostrEvent): NostrEvent[] {
	const content = { ...e, content: e.content + '!' };
	return [
		e,
		content,
		{ ...content, id: computeEventId(content) },
		{ ...e, sig: flip(e.sig, 3) },
		{ ...e, sig: flip(e.sig, 90) },
		{ ...e, sig: 'f'.repeat(64) + e.sig.slice(64) },
		{ ...e, sig: R_BETWEEN_N_AND_P + e.sig.slice(64) },
		{ ...e, sig: e.sig.slice(0, 64) + 'f'.repeat(64) },
		{ ...e, sig: e.sig.slice(0, 64) + '0'.repeat(64) },
		{ ...e, sig: e.sig.slice(0, 120) },
		{ ...e, sig: e.sig.toUpperCase() },
		{ ...e, pubkey: 'f'.repeat(64) },
		{ ...e, pubkey: '0'.repeat(64) },
		{ ...e, pubkey: 'zz' + e.pubkey.slice(2) },
		{ ...e, pubkey: e.pubkey.slice(2) }
	];
}

describe('libsecp256k1 BIP-340 backend', () => {
	it('agrees with isEventSignatureValid on valid and tampered events', () => {
		const verify = buildEvidenceSignatureVerifier();
		for (let round = 0; round < 2; round++) {
			for (const e of events) for (const v of variants(e)) expect(verify(v), JSON.stringify(v)).toBe(isEventSignatureValid(v));
		}
		expect(verify.checked()).toBeGreaterThan(0);
	});

	it('agrees with noble on random messages, keys and one-byte corruptions', () => {
		fc.assert(
			fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.nat(63 + 32 + 32), fc.integer({ min: 1, max: 255 }), (msg, seed, at, xor) => {
				let sk: Uint8Array;
				try {
					sk = seed;
					schnorr.getPublicKey(sk);
				} catch {
					return; // not a valid secret scalar
				}
				const pub = schnorr.getPublicKey(sk);
				const sig = schnorr.sign(msg, sk);
				expect(libsecp256k1Bip340(sig, msg, pub)).toBe(true);
				const [s2, m2, p2] = [Uint8Array.from(sig), Uint8Array.from(msg), Uint8Array.from(pub)];
				if (at < 64) s2[at]! ^= xor;
				else if (at < 96) m2[at - 64]! ^= xor;
				else p2[at - 96]! ^= xor;
				let expected: boolean;
				try {
					expected = schnorr.verify(s2, m2, p2);
				} catch {
					expected = false;
				}
				expect(libsecp256k1Bip340(s2, m2, p2), bytesToHex(s2)).toBe(expected);
			}),
			{ numRuns: 200 }
		);
	});

	it('says "not valid" instead of throwing on wrong lengths', () => {
		const e = events[0]!;
		expect(libsecp256k1Bip340(new Uint8Array(63), new Uint8Array(32), new Uint8Array(32))).toBe(false);
		expect(libsecp256k1Bip340(new Uint8Array(64), new Uint8Array(31), new Uint8Array(32))).toBe(false);
		expect(libsecp256k1Bip340(new Uint8Array(64), new Uint8Array(32), new Uint8Array(33))).toBe(false);
		expect(buildEvidenceSignatureVerifier()({ ...e, sig: '' })).toBe(false);
	});
});
