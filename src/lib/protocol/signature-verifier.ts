// Fast repeated BIP-340 verification of Nostr events for transcripts where a handful of keys sign
// thousands of events (an evidence import: one pub(K_sign), two trade keys). Same checks as
// `isEventSignatureValid` (recompute the id, then verify per BIP-340), but each signer's point is
// lifted once and given a precomputed multiplication table, the base point uses variable-time
// multiplication (public data only), and a verdict is remembered per (id, sig, pubkey).
// A caller with a faster BIP-340 implementation (the server's libsecp256k1) injects it as
// `bip340`; this module stays pure either way.
// Must never be used with secret scalars, and never accept what BIP-340 rejects.
import { schnorr } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { computeEventId, type NostrEvent } from './event.ts';

type Point = ReturnType<typeof schnorr.utils.lift_x>;

export interface SignatureVerifier {
	(event: NostrEvent): boolean;
	/** How many distinct signatures were checked with the curve (cache misses). */
	readonly checked: () => number;
}

/** A BIP-340 check of a 64-byte signature over a 32-byte message by an x-only key; false on any bad input. */
export type Bip340Check = (signature: Uint8Array, message: Uint8Array, xOnlyPubkey: Uint8Array) => boolean;

export interface SignatureVerifierOptions {
	/** Replaces the built-in curve arithmetic (the per-signer tables are then never built). */
	bip340?: Bip340Check;
	/** A signer gets a precomputed table after this many signatures (default 4). */
	precomputeAfter?: number;
	/** wNAF window of the per-signer tables (default 8; memory and set-up time grow as 2^window). */
	window?: number;
	/** Signers with a table kept at most (default 8). */
	maxTables?: number;
	/** Remembered verdicts at most (default 200 000). */
	maxVerdicts?: number;
}

const bytesToBigInt = (b: Uint8Array): bigint => {
	let n = 0n;
	for (const x of b) n = (n << 8n) | BigInt(x);
	return n;
};

export function buildSignatureVerifier(o: SignatureVerifierOptions = {}): SignatureVerifier {
	const { Fp, Fn, BASE } = schnorr.Point;
	const precomputeAfter = o.precomputeAfter ?? 4;
	const window = o.window ?? 8;
	const maxTables = o.maxTables ?? 8;
	const maxVerdicts = o.maxVerdicts ?? 200_000;
	const points = new Map<string, { point: Point; uses: number; table: boolean }>();
	const verdicts = new Map<string, boolean>();
	let tables = 0;
	let checked = 0;

	function signer(pubkey: string): Point {
		let entry = points.get(pubkey);
		if (!entry) {
			entry = { point: schnorr.utils.lift_x(bytesToBigInt(hexToBytes(pubkey))), uses: 0, table: false };
			if (points.size > 10_000) points.clear();
			points.set(pubkey, entry);
		}
		entry.uses += 1;
		if (!entry.table && entry.uses >= precomputeAfter && tables < maxTables) {
			entry.point.precompute(window, false);
			entry.table = true;
			tables += 1;
		}
		return entry.point;
	}

	function verifyBip340(sigHex: string, idHex: string, pubkey: string): boolean {
		const sig = hexToBytes(sigHex);
		const P = signer(pubkey);
		const rBytes = sig.subarray(0, 32);
		const r = bytesToBigInt(rBytes);
		if (!Fp.isValidNot0(r)) return false;
		const s = bytesToBigInt(sig.subarray(32, 64));
		if (!Fn.isValidNot0(s)) return false;
		const e = Fn.create(bytesToBigInt(schnorr.utils.taggedHash('BIP0340/challenge', rBytes, hexToBytes(pubkey), hexToBytes(idHex))));
		const R = e === 0n ? BASE.multiplyUnsafe(s) : BASE.multiplyUnsafe(s).add(P.multiplyUnsafe(Fn.neg(e)));
		if (R.is0()) return false;
		const { x, y } = R.toAffine();
		return (y & 1n) === 0n && Fp.eql(x, r);
	}

	const verify = ((event: NostrEvent): boolean => {
		const key = `${event.id}${event.sig}${event.pubkey}`;
		const known = verdicts.get(key);
		let ok: boolean;
		try {
			if (computeEventId(event) !== event.id) return false;
			if (known !== undefined) return known;
			checked += 1;
			ok = o.bip340 ? o.bip340(hexToBytes(event.sig), hexToBytes(event.id), hexToBytes(event.pubkey)) : verifyBip340(event.sig, event.id, event.pubkey);
		} catch {
			ok = false;
		}
		if (verdicts.size >= maxVerdicts) verdicts.clear();
		verdicts.set(key, ok);
		return ok;
	}) as SignatureVerifier;
	Object.defineProperty(verify, 'checked', { value: () => checked });
	return verify;
}
