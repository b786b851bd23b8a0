// Seeds a started sandbox into the console's database the way an operator configures a node:
// the Mostro node connection through saveNodeConnection (the Settings page's node form) and
// the LND connection through saveLndForm (its LND form), each with its usual audit entry, by
// the actor "sandbox". Run by bin/start.mjs before the server starts. Idempotent: a setting
// that already holds the same values is left alone (no write, no audit entry), so restarting
// the sandbox on the same data directory adds nothing unless an endpoint really changed.
// Never overwrites an LND connection an operator saved for a non-loopback node, and never
// logs the macaroon.
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import { getNodeConnection, saveNodeConnection } from '../mostro/node-connection.ts';
import { getLndCredentials, parseLndCredentials } from '../lightning/lnd-settings.ts';
import { saveLndForm } from '../lightning/lnd-settings-actions.ts';
import type { SandboxEndpoints } from './launch.ts';
import { systemActor, type Actor } from '../auth/actor.ts';

export const SANDBOX_ACTOR: Actor = systemActor('sandbox');

export interface SeededSettings {
	node: 'saved' | 'unchanged';
	lnd: 'saved' | 'unchanged' | 'kept-operator' | 'none';
}

const LOOPBACK_SOCKET = /^(127\.0\.0\.1|localhost|\[::1\]):\d{1,5}$/;

export async function seedSandboxSettings(db: Db, sealer: Sealer, sandbox: Pick<SandboxEndpoints, 'nodePubkey' | 'relayUrl' | 'lnd'>): Promise<SeededSettings> {
	const stored = await getNodeConnection(db, { mostroPubkey: null, mostroRelays: [] });
	const sameNode = stored.source === 'settings' && stored.pubkey === sandbox.nodePubkey && stored.relays.length === 1 && stored.relays[0] === sandbox.relayUrl && !stored.useNodeRelayList;
	if (!sameNode) await saveNodeConnection(db, SANDBOX_ACTOR, { pubkey: sandbox.nodePubkey, relays: sandbox.relayUrl, useNodeRelayList: false });
	return { node: sameNode ? 'unchanged' : 'saved', lnd: await seedLnd(db, sealer, sandbox.lnd) };
}

async function seedLnd(db: Db, sealer: Sealer, lnd: SandboxEndpoints['lnd']): Promise<SeededSettings['lnd']> {
	if (!lnd) return 'none';
	const wanted = parseLndCredentials(lnd);
	const saved = await getLndCredentials(db, sealer);
	if (saved && !LOOPBACK_SOCKET.test(saved.socket)) return 'kept-operator';
	if (saved && saved.socket === wanted.socket && saved.cert === wanted.cert && saved.macaroon === wanted.macaroon) return 'unchanged';
	await saveLndForm({ db, sealer }, SANDBOX_ACTOR, null, lnd);
	return 'saved';
}
