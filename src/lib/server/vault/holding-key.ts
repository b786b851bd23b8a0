// The key that holds a dispute on the node, opened for one signature (issue 17; MOSTROD.md §2.2,
// §3.2): normally the holder's own solver key; after the operator route of a hand-over, the
// node's own key (launcher memory, else the vault), since the daemon then holds the dispute under
// the node key and refuses every solver key a takeover from it. Each node-key opening here is for
// the console user holding the case. The caller must wipe the secret; it is never returned to a
// route or logged.
import type { Db } from '../db/index.ts';
import type { Sealer } from './seal.ts';
import type { LauncherNodeKey } from './launcher-node-key.ts';
import { openSolverSecret } from './solver-keys.ts';
import { openNodeKey } from './node-key.ts';
import { getPubkey } from '../../protocol/keys.ts';

export interface HoldingKeyServices {
	db: Db;
	sealer: Sealer;
	launcherNodeKey: LauncherNodeKey;
	/** The followed node's pubkey (the engine's). */
	nodePubkey: () => string | null;
}

/**
 * The secret that signs for `holderUserId` on a dispute the node records as held by
 * `solverPubkey` (the key the take was acknowledged for); null when the console has none.
 */
export async function openHoldingKey(services: HoldingKeyServices, holderUserId: number, solverPubkey: string | null): Promise<{ pubkey: string; secret: Uint8Array } | null> {
	const node = services.nodePubkey();
	if (solverPubkey !== null && node !== null && solverPubkey === node) {
		const secret = services.launcherNodeKey.open(node) ?? (await openNodeKey(services.db, services.sealer));
		if (!secret) return null;
		if (getPubkey(secret) !== node) {
			secret.fill(0);
			return null;
		}
		return { pubkey: node, secret };
	}
	return openSolverSecret(services.db, services.sealer, holderUserId);
}
