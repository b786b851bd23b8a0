// Counts the dispute-chat events rejected before any party's signature was found (PROTOCOL.md
// §5.3–§5.4: anyone can post to a conversation's legacy tag from a throwaway key). One row per
// conversation and reason, whatever the flood: a count, first/last time, and a fixed-size bit
// filter of the outer ids already counted, so the same junk delivered again after a restart is
// not counted twice. It must never store a junk event itself, nor grow with the flood.
import { sha256 } from '@noble/hashes/sha2.js';
import type { Db } from '../../db/index.ts';
import type { Party } from './chat-channels.ts';

/** 32768 bits: a 300-event flood is counted exactly (false positive ≈ 2·10⁻⁶ per event). */
export const JUNK_FILTER_BYTES = 4096;
const PROBES = 4;

/** Bit positions of an id in the filter (from SHA-256 of the id, so any string spreads evenly). */
function probes(outerId: string): number[] {
	const digest = sha256(new TextEncoder().encode(outerId));
	const view = new DataView(digest.buffer, digest.byteOffset, digest.byteLength);
	const bits = JUNK_FILTER_BYTES * 8;
	return Array.from({ length: PROBES }, (_, i) => view.getUint32(i * 4) % bits);
}

/** True when every bit of the id is set (seen before, or rarely a false positive: never a miss). */
export function filterHas(filter: Uint8Array, outerId: string): boolean {
	return probes(outerId).every((bit) => ((filter[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0);
}

export function filterAdd(filter: Uint8Array, outerId: string): void {
	for (const bit of probes(outerId)) filter[bit >> 3] = (filter[bit >> 3] ?? 0) | (1 << (bit & 7));
}

/** Counts one unauthenticated rejection, once per outer id; false when it was counted before. */
export async function tallyJunk(db: Db, disputeId: string, party: Party, outerId: string, reason: string, now: number): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const row = await tx.selectFrom('chat_junk_tallies').select(['n', 'seen']).where('dispute_id', '=', disputeId).where('party', '=', party).where('reason', '=', reason).executeTakeFirst();
		const seen = new Uint8Array(JUNK_FILTER_BYTES);
		if (row) seen.set(new Uint8Array(row.seen).subarray(0, JUNK_FILTER_BYTES));
		if (filterHas(seen, outerId)) return false;
		filterAdd(seen, outerId);
		if (row) {
			await tx
				.updateTable('chat_junk_tallies')
				.set({ n: Number(row.n) + 1, seen, last_at: now })
				.where('dispute_id', '=', disputeId)
				.where('party', '=', party)
				.where('reason', '=', reason)
				.execute();
		} else {
			await tx.insertInto('chat_junk_tallies').values({ dispute_id: disputeId, party, reason, n: 1, seen, first_at: now, last_at: now }).execute();
		}
		return true;
	});
}

export async function countChatJunk(db: Db, disputeId: string): Promise<Array<{ party: string; reason: string; n: number }>> {
	const rows = await db.selectFrom('chat_junk_tallies').select(['party', 'reason', 'n']).where('dispute_id', '=', disputeId).orderBy('reason').execute();
	return rows.map((row) => ({ party: row.party, reason: row.reason, n: Number(row.n) }));
}
