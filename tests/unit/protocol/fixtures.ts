// Shared keys and helpers for protocol tests (Appendix A / §5.6 keys).
import { hexToBytes } from '@noble/hashes/utils.js';
import appendix from '../../vectors/mostro/appendix-a.json';

export const K = appendix.keys;
export const aliceSk = hexToBytes(K.alice_secret);
export const bobSk = hexToBytes(K.bob_secret);
export const mostroSk = hexToBytes(K.mostro_secret);
export const ephSk = hexToBytes(K.ephemeral_secret);
export const ZERO32 = new Uint8Array(32);
export const DISPUTE_ID = '8397bc78-7c98-4b4f-bb49-40c7101391b0';
export const ORDER_ID = 'efc75871-2568-40b9-a6ee-c382d4d6de01';

/** Deterministic random source for reproducible tests (xorshift; not for production). */
export function seededRandom(seed = 1): (n: number) => Uint8Array {
	let x = seed >>> 0 || 1;
	return (n) => {
		const out = new Uint8Array(n);
		for (let i = 0; i < n; i++) {
			x ^= x << 13;
			x >>>= 0;
			x ^= x >>> 17;
			x ^= x << 5;
			x >>>= 0;
			out[i] = x & 0xff;
		}
		return out;
	};
}

export function sk(byte: number): Uint8Array {
	const b = new Uint8Array(32);
	b[31] = byte;
	return b;
}
