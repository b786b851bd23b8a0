// The audit log's hash chain (ARCHITECTURE "Reliability rules"): each entry's hash is
// SHA-256 over a canonical encoding of its fields and the previous entry's hash, so an
// edited, dropped or reordered entry breaks the chain. Pure; no I/O.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedEntry {
	id: number;
	at: number;
	actorUserId: number | null;
	actor: string;
	action: string;
	subject: string | null;
	details: string;
	prevHash: string;
	hash: string;
}

export function hashEntry(entry: Omit<ChainedEntry, 'hash'>): string {
	const canonical = JSON.stringify([entry.id, entry.at, entry.actorUserId, entry.actor, entry.action, entry.subject, entry.details, entry.prevHash]);
	return bytesToHex(sha256(new TextEncoder().encode(canonical)));
}

export type ChainVerdict = { ok: true; count: number; head: string } | { ok: false; badId: number; problem: string };

/** Walks entries in id order; names the first entry that does not fit the chain. */
export function verifyChain(entries: Iterable<ChainedEntry>, startHash = GENESIS_HASH): ChainVerdict {
	let previous = startHash;
	let previousId = 0;
	let count = 0;
	for (const entry of entries) {
		if (entry.id <= previousId) return { ok: false, badId: entry.id, problem: 'out of order' };
		if (entry.prevHash !== previous) {
			return { ok: false, badId: entry.id, problem: 'does not follow the previous entry (one was dropped or reordered)' };
		}
		if (hashEntry(entry) !== entry.hash) return { ok: false, badId: entry.id, problem: 'content was edited' };
		previous = entry.hash;
		previousId = entry.id;
		count += 1;
	}
	return { ok: true, count, head: previous };
}
