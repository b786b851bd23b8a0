// NIP-13 nonce search off the main thread (PROTOCOL.md §2.5, §8 #13; issue 18 defect 4), so a
// long proof of work does not stall the server. The worker is started from a self-contained
// source string (eval) so the bundled build needs no worker file on disk. It sees only the id
// serialization split around the nonce (public data): it must never receive a secret key.
// Low difficulties stay inline, where a worker's start-up would cost more than the search.
import { Worker } from 'node:worker_threads';
import { ProtocolError } from '../../protocol/errors.ts';
import type { Rumor, UnsignedEvent } from '../../protocol/event.ts';
import { minePow, nonceSearchParts, withNonce } from '../../protocol/pow.ts';

/** Below this many bits the search runs inline (a few thousand hashes at most). */
export const WORKER_MIN_BITS = 12;
/** Extra wall time the worker may take beyond its budget before it is terminated. */
const WORKER_GRACE_MS = 2_000;

const SEARCH_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { prefix, suffix, bits, maxMillis } = workerData;
const deadline = Date.now() + maxMillis;
const head = createHash('sha256').update(prefix);
function zeroBits(buf) {
	let n = 0;
	for (const byte of buf) {
		if (byte === 0) { n += 8; continue; }
		return n + Math.clz32(byte) - 24;
	}
	return n;
}
let found = null;
for (let n = 0; n < 4294967296; n++) {
	if ((n & 1023) === 1023 && Date.now() > deadline) break;
	if (zeroBits(head.copy().update(String(n)).update(suffix).digest()) >= bits) { found = n; break; }
}
parentPort.postMessage(found);
`;

/** Search a nonce in a worker thread; null when `maxMillis` ran out without one. */
export function searchNonce(prefix: string, suffix: string, bits: number, maxMillis: number): Promise<number | null> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(SEARCH_SOURCE, { eval: true, workerData: { prefix, suffix, bits, maxMillis } });
		let settled = false;
		const settle = (value: number | null, err?: unknown) => {
			if (settled) return;
			settled = true;
			clearTimeout(guard);
			void worker.terminate();
			if (err !== undefined) reject(err);
			else resolve(value);
		};
		const guard = setTimeout(() => settle(null), maxMillis + WORKER_GRACE_MS);
		worker.once('message', (value: unknown) => settle(typeof value === 'number' ? value : null));
		worker.once('error', (err) => settle(null, err));
		worker.once('exit', () => settle(null));
	});
}

/**
 * minePow with the search off the main thread for `bits` >= WORKER_MIN_BITS. The returned event's
 * id is recomputed and checked here. Throws ProtocolError('pow_exhausted') when the budget ran out.
 */
export async function minePowOffThread(event: UnsignedEvent, bits: number, maxMillis: number): Promise<Rumor> {
	if (bits < WORKER_MIN_BITS) return minePow(event, bits, { maxMillis, clockMs: () => performance.now() });
	const { prefix, suffix } = nonceSearchParts(event, bits);
	const nonce = await searchNonce(prefix, suffix, bits, maxMillis);
	if (nonce === null) throw new ProtocolError('pow_exhausted', `no nonce reached ${bits} bits within ${maxMillis} ms`);
	return withNonce(event, bits, nonce);
}
