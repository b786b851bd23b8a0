// NIP-13 proof of work: measure an event id, and mine a nonce tag to a target with bounded
// effort, re-stamping when mining took long enough to make the event stale (PROTOCOL.md §2.2,
// §2.3, §2.5, §8 #13). Clocks are injected (no hidden clock reads). Must never loop unbounded:
// every mining call has an attempt and/or time budget, and re-stamping a round limit.
// nonceSearchParts/withNonce let a miner elsewhere (the server's worker thread) search the
// nonce over the serialized event; the id it yields is checked here again before signing.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ProtocolError } from './errors.ts';
import { computeEventId, type EventTemplate, type NostrEvent, type Rumor, type UnsignedEvent } from './event.ts';

/** Leading zero bits of a byte string. */
export function leadingZeroBits(bytes: Uint8Array): number {
	let bits = 0;
	for (const byte of bytes) {
		if (byte === 0) {
			bits += 8;
			continue;
		}
		return bits + Math.clz32(byte) - 24;
	}
	return bits;
}

/** NIP-13 difficulty of an event: leading zero bits of its id (0 for a malformed id). */
export function powOf(event: { id: unknown }): number {
	const id = event.id;
	if (typeof id !== 'string' || !/^[0-9a-f]{64}$/.test(id)) return 0;
	let bits = 0;
	for (const ch of id) {
		const nibble = parseInt(ch, 16);
		if (nibble === 0) {
			bits += 4;
			continue;
		}
		return bits + Math.clz32(nibble) - 28;
	}
	return bits;
}

export function hasPow(event: { id: unknown }, bits: number): boolean {
	return bits <= 0 || powOf(event) >= bits;
}

export interface MineOptions {
	/** Upper bound on hash attempts (default 2^32). */
	maxAttempts?: number;
	/** Upper bound on wall time in milliseconds; requires `clockMs`. */
	maxMillis?: number;
	/** Monotonic millisecond clock, injected (e.g. `() => performance.now()`). */
	clockMs?: () => number;
}

/**
 * Add `["nonce", n, bits]` (replacing any previous nonce tag) and search n until the id has
 * `bits` leading zero bits. Returns the event with its id; sign it afterwards without changes.
 * Throws ProtocolError('pow_exhausted') when the budget runs out.
 */
export function minePow(event: UnsignedEvent, bits: number, options: MineOptions = {}): Rumor {
	const { prefix, suffix } = nonceSearchParts(event, bits);
	const maxAttempts = options.maxAttempts ?? 2 ** 32;
	const deadline = options.maxMillis !== undefined && options.clockMs ? options.clockMs() + options.maxMillis : undefined;
	const headHash = sha256.create().update(utf8ToBytes(prefix));
	const tailBytes = utf8ToBytes(suffix);
	for (let n = 0; n < maxAttempts; n++) {
		if (deadline !== undefined && (n & 1023) === 1023 && (options.clockMs as () => number)() > deadline) break;
		const digest = headHash
			.clone()
			.update(utf8ToBytes(String(n)))
			.update(tailBytes)
			.digest();
		if (leadingZeroBits(digest) >= bits) return withNonce(event, bits, n);
	}
	throw new ProtocolError('pow_exhausted', `no nonce reached ${bits} bits within the budget`);
}

/** The NIP-01 id serialization of `event` with a `["nonce", n, bits]` tag, split around n. */
export interface NonceSearchParts {
	prefix: string;
	suffix: string;
}

/** Split the id serialization around the nonce value so a searcher hashes prefix + n + suffix. */
export function nonceSearchParts(event: UnsignedEvent, bits: number): NonceSearchParts {
	if (!Number.isInteger(bits) || bits < 0 || bits > 256) throw new ProtocolError('invalid_argument', 'bits must be 0..256');
	const tags = event.tags.filter((t) => t[0] !== 'nonce');
	const prefix = `[0,${JSON.stringify(event.pubkey)},${event.created_at},${event.kind},[${tags.map((t) => JSON.stringify(t)).join(',')}${tags.length ? ',' : ''}["nonce","`;
	const suffix = `",${JSON.stringify(String(bits))}]],${JSON.stringify(event.content)}]`;
	return { prefix, suffix };
}

/**
 * The event with `["nonce", n, bits]` (replacing any previous nonce tag) and its id; throws
 * ProtocolError('pow_exhausted') when that id does not reach `bits` (a nonce found elsewhere,
 * e.g. by another thread, is checked here before anything is signed).
 */
export function withNonce(event: UnsignedEvent, bits: number, nonce: number): Rumor {
	if (!Number.isSafeInteger(nonce) || nonce < 0) throw new ProtocolError('invalid_argument', 'nonce must be a non-negative integer');
	const unsigned: UnsignedEvent = {
		pubkey: event.pubkey,
		created_at: event.created_at,
		kind: event.kind,
		tags: [...event.tags.filter((t) => t[0] !== 'nonce').map((t) => [...t]), ['nonce', String(nonce), String(bits)]],
		content: event.content
	};
	const rumor = { id: computeEventId(unsigned), ...unsigned };
	if (!hasPow(rumor, bits)) throw new ProtocolError('pow_exhausted', `nonce ${nonce} does not reach ${bits} bits`);
	return rumor;
}

/** An event built up to its outer signature: mine `event`, then `finish` signs the mined template. */
export interface PendingPow {
	event: UnsignedEvent;
	finish: (mined: EventTemplate) => NostrEvent;
}

/** The daemon drops requests whose created_at is more than this many seconds old (§2.5). */
export const NODE_MAX_EVENT_AGE_SECS = 10;

export interface FreshOptions {
	/** Wall clock in unix seconds, injected. */
	clockSecs: () => number;
	/** Accept a mined event whose stamp is at most this old when mining ends (default 5). */
	maxAgeSecs?: number;
	/** Stamp-and-mine rounds before giving up (default 6). */
	maxRounds?: number;
}

/**
 * Stamp after mining (§8 #13): `build(now)` stamps and mines one event (with its own bounded
 * budget; the miner may run off the main thread); when the clock moved more than `maxAgeSecs`
 * while it mined, or its budget ran out, stamp again and re-mine, so the event leaves fresh.
 * Rejects with ProtocolError('pow_exhausted') after `maxRounds`.
 */
export async function mineFreshAsync<T>(build: (now: number) => Promise<T>, o: FreshOptions): Promise<T> {
	const maxAge = o.maxAgeSecs ?? 5;
	const rounds = o.maxRounds ?? 6;
	for (let round = 0; round < rounds; round++) {
		const now = o.clockSecs();
		let event: T;
		try {
			event = await build(now);
		} catch (err) {
			if (err instanceof ProtocolError && err.code === 'pow_exhausted') continue;
			throw err;
		}
		// `now` is the request's own stamp (the v1 wrap's created_at is blurred on purpose).
		if (o.clockSecs() - now <= maxAge) return event;
	}
	throw new ProtocolError('pow_exhausted', `no fresh proof of work within ${rounds} rounds`);
}

/**
 * Difficulty for the single retry when a v2 node does not advertise `pow_first_contact` and
 * stayed silent (§8 #13: unknown, so escalate): at least 16 bits, at least 8 more than before.
 */
export function escalatedPow(bits: number): number {
	return Math.min(32, Math.max(16, bits + 8));
}

/** True when a silent v2 node may have wanted more proof of work than it told (§1.3, §8 #13). */
export function mayEscalatePow(info: { protocolVersion: 1 | 2; powFirstContact: number | null }): boolean {
	return info.protocolVersion === 2 && info.powFirstContact === null;
}

/** PoW to mine for an admin request on a node (§2.5, §8 #13): v2 uses max(pow, pow_first_contact). */
export function requiredPow(info: { protocolVersion: 1 | 2; pow: number; powFirstContact: number | null }): number {
	if (info.protocolVersion === 2) return Math.max(info.pow, info.powFirstContact ?? info.pow);
	return info.pow;
}
