// Shared BOLT-11 building blocks: tagged-field codes, 5-bit word conversions, amount
// prefixes and the signing hash (BOLT #11 "Human-Readable Part", "Data Part",
// "Requirements" for the signature). Pure. It must never pad when decoding words that
// carry a fixed-size value (hashes, secrets, keys).
import { sha256 } from '@noble/hashes/sha2.js';

/** Tagged-field type codes (BOLT #11 "Tagged Fields"). */
export const TAG = { p: 1, r: 3, '9': 5, x: 6, n: 19, s: 16, d: 13, h: 23, c: 24, f: 9 } as const;

/** Regroup bits from `fromBits` to `toBits` words; `pad` completes the last word with zeros. */
export function convertBits(data: ArrayLike<number>, fromBits: number, toBits: number, pad: boolean): number[] {
	let accumulator = 0;
	let bits = 0;
	const out: number[] = [];
	const mask = (1 << toBits) - 1;
	for (let i = 0; i < data.length; i += 1) {
		accumulator = (accumulator << fromBits) | (data[i] ?? 0);
		bits += fromBits;
		while (bits >= toBits) {
			bits -= toBits;
			out.push((accumulator >> bits) & mask);
		}
		accumulator &= (1 << bits) - 1;
	}
	if (pad && bits > 0) out.push((accumulator << (toBits - bits)) & mask);
	return out;
}

/** Unsigned integer → minimal big-endian 5-bit words (at least `minWords`). */
export function numberToWords(value: number, minWords = 1): number[] {
	const words: number[] = [];
	for (let rest = value; rest > 0; rest = Math.floor(rest / 32)) words.unshift(rest % 32);
	while (words.length < minWords) words.unshift(0);
	return words;
}

export function wordsToNumber(words: readonly number[]): number {
	return words.reduce((sum, word) => sum * 32 + word, 0);
}

/** Feature bit numbers → 5-bit feature words (BOLT #9 bitfield, big-endian). */
export function featuresToWords(bits: readonly number[]): number[] {
	const highest = Math.max(...bits);
	const words = new Array<number>(Math.floor(highest / 5) + 1).fill(0);
	for (const bit of bits) {
		const index = words.length - 1 - Math.floor(bit / 5);
		words[index] = (words[index] ?? 0) | (1 << (bit % 5));
	}
	return words;
}

const MSAT_PER_UNIT: ReadonlyArray<[string, bigint]> = [
	['', 100_000_000_000n],
	['m', 100_000_000n],
	['u', 100_000n],
	['n', 100n]
];

/** Amount in msat → the HRP amount suffix (shortest exact unit); '' for an open amount. */
export function msatToHrpAmount(msat: bigint | null): string {
	if (msat === null || msat === 0n) return '';
	for (const [unit, size] of MSAT_PER_UNIT) {
		if (msat % size === 0n) return `${msat / size}${unit}`;
	}
	return `${msat * 10n}p`;
}

/** HRP amount suffix → msat; null when the invoice has no amount. Throws on a bad amount. */
export function hrpAmountToMsat(amount: string): bigint | null {
	if (amount === '') return null;
	const match = /^(\d+)([munp]?)$/.exec(amount);
	if (!match?.[1]) throw new Error(`invalid invoice amount ${amount}`);
	const value = BigInt(match[1]);
	if (match[2] === 'p') {
		if (value % 10n !== 0n) throw new Error('sub-millisatoshi invoice amount');
		return value / 10n;
	}
	const size = MSAT_PER_UNIT.find(([unit]) => unit === (match[2] ?? ''))?.[1] ?? 0n;
	return value * size;
}

/** sha256(hrp as UTF-8 ‖ data words regrouped into bytes, zero padded). */
export function signingHash(hrp: string, dataWords: readonly number[]): Uint8Array {
	const hrpBytes = new TextEncoder().encode(hrp);
	const dataBytes = Uint8Array.from(convertBits(dataWords, 5, 8, true));
	const message = new Uint8Array(hrpBytes.length + dataBytes.length);
	message.set(hrpBytes);
	message.set(dataBytes, hrpBytes.length);
	return sha256(message);
}
