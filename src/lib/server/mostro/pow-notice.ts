// Whether a request to the node needs long proof-of-work mining (PROTOCOL.md §2.5, §8 #13), so
// the page can say "preparing proof of work…" while it waits. Reads the stored instance info only.
import type { Db } from '../db/index.ts';
import { getInstanceInfo } from './instance-info-repository.ts';
import { requiredPow } from '../../protocol/pow.ts';

/** From this many bits mining takes long enough (about a second or more) to be worth saying. */
export const LONG_POW_BITS = 18;

export async function needsLongPow(db: Db, nodePubkey: string | null): Promise<boolean> {
	if (!nodePubkey) return false;
	const info = await getInstanceInfo(db, nodePubkey);
	return info !== null && requiredPow(info) >= LONG_POW_BITS;
}
