// Injectable randomness for the protocol library (no PROTOCOL.md section; used by §2, §3, §5).
// Defaults to the Web Crypto CSPRNG available in browsers and Node >= 20.
// Must never use Node's `crypto` module or Math.random.

export type RandomSource = (length: number) => Uint8Array;

export const defaultRandom: RandomSource = (length) => {
	const out = new Uint8Array(length);
	globalThis.crypto.getRandomValues(out);
	return out;
};

/** Random RFC 4122 version-4 UUID, lowercase hyphenated. */
export function buildRandomUuid(random: RandomSource = defaultRandom): string {
	const b = random(16);
	if (b.length !== 16) throw new RangeError('random source returned the wrong length');
	b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
	b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
	const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Uniform integer in [0, bound) from the random source (bound <= 2^32). */
export function randomBelow(bound: number, random: RandomSource = defaultRandom): number {
	if (!Number.isInteger(bound) || bound <= 0 || bound > 2 ** 32) throw new RangeError('bad bound');
	const limit = Math.floor(2 ** 32 / bound) * bound;
	for (;;) {
		const b = random(4);
		const v = (((b[0] ?? 0) << 24) | ((b[1] ?? 0) << 16) | ((b[2] ?? 0) << 8) | (b[3] ?? 0)) >>> 0;
		if (v < limit) return v % bound;
	}
}
