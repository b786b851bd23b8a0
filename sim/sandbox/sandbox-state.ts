// The sandbox's small state file in its data directory (`sandbox-state.json`): the seed, the
// node key (so a restart keeps the same node pubkey and the console keeps following it), a run
// counter (fresh UUID stream per run), the LND double's port and TLS identity, the solvers registered by the console, and one record per
// seeded or trickled dispute so a restart neither duplicates them nor forgets their traders.
// Written atomically (temp file + rename). Must never be written outside the data directory.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LndIdentity } from '../lnd/index.ts';
import type { DisclosedKeyKind } from '../traders/index.ts';
import type { Outcome } from './seed-plan.ts';

export type DisputeRecord = {
	/** `seed-<i>` or `trickle-<n>`: the scenario label the traders derive from. */
	label: string;
	scenario: string;
	initiator: 'buyer' | 'seller';
	outcome: Outcome;
	orderId: string;
	disputeId: string;
	buyerTradePubkey: string;
	sellerTradePubkey: string;
	disclosed: { buyer: DisclosedKeyKind; seller: DisclosedKeyKind };
	languages: { buyer: string; seller: string };
};

export type SandboxState = {
	version: 1;
	seed: string;
	nodeSecretKey: string;
	runs: number;
	solvers: Array<{ pubkey: string; permission: 'read' | 'read-write' }>;
	seeded: DisputeRecord[];
	trickled: DisputeRecord[];
	/** The node double's rows at the last stop (restored on start when the double supports it). */
	node?: unknown;
	/** The LND double's port, certificate and macaroon, so the console's saved LND connection stays valid. */
	lnd?: LndIdentity & { port: number };
};

export const STATE_FILE = 'sandbox-state.json';

export function readSandboxState(dataDir: string): SandboxState | null {
	const path = join(dataDir, STATE_FILE);
	if (!existsSync(path)) return null;
	const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<SandboxState>;
	if (v.version !== 1 || typeof v.seed !== 'string' || typeof v.nodeSecretKey !== 'string') throw new Error(`${path} is not a sandbox state file`);
	return { version: 1, seed: v.seed, nodeSecretKey: v.nodeSecretKey, runs: v.runs ?? 0, solvers: v.solvers ?? [], seeded: v.seeded ?? [], trickled: v.trickled ?? [], node: v.node, lnd: v.lnd };
}

export function writeSandboxState(dataDir: string, state: SandboxState): void {
	mkdirSync(dataDir, { recursive: true });
	const path = join(dataDir, STATE_FILE);
	const tmp = `${path}.${process.pid}.tmp`;
	writeFileSync(tmp, JSON.stringify(state, null, 1), { mode: 0o600 });
	renameSync(tmp, path);
}
