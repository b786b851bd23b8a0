// Deterministic keys and choices for simulated traders: every key is sha256(seed ‖ label ‖ i)
// retried until it is a valid secp256k1 scalar, so a trader rebuilt from the same seed and
// name has the same identity and the same fresh trade key per order (PROTOCOL.md §6: identity
// key n = 0, trade keys n ≥ 1). Must never be used for anything but simulation: the keys are
// guessable from the seed.
import { createHash } from 'node:crypto';
import { getPubkey } from '../../src/lib/protocol/keys.ts';

export type Key = { sk: Uint8Array; pk: string };

/** A valid key derived from `seed` and `label`. */
export function deriveKey(seed: string, label: string): Key {
	for (let i = 0; i < 1000; i++) {
		const sk = new Uint8Array(createHash('sha256').update(`mostro-trader ${seed} ${label} ${i}`).digest());
		try {
			return { sk, pk: getPubkey(sk) };
		} catch {
			// out of range: next candidate
		}
	}
	throw new Error('could not derive a trader key');
}

/** Deterministic pick from `items` for (seed, label). */
export function pickSeeded<T>(seed: string, label: string, items: readonly T[]): T {
	if (items.length === 0) throw new Error('pickSeeded needs at least one item');
	const h = createHash('sha256').update(`mostro-trader pick ${seed} ${label}`).digest();
	return items[h.readUInt32BE(0) % items.length] as T;
}
