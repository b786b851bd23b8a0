// What the Solvers page shows: every console user's solver key (npub only), who can still
// be given one, and whether the node key is held in the vault. Reads only.
import type { Db } from '../db/index.ts';
import { listSolverRoster, type SolverKeySummary } from '../vault/solver-keys.ts';
import { hasStoredNodeKey } from '../vault/node-key.ts';

export interface SolverRosterView {
	roster: SolverKeySummary[];
	/** Operators and mediators without a key yet. */
	candidates: Array<{ id: number; name: string; role: string }>;
	nodeKeyHeld: boolean;
}

export async function loadSolverRoster(db: Db): Promise<SolverRosterView> {
	const roster = await listSolverRoster(db);
	const withKey = new Set(roster.map((entry) => entry.userId));
	const users = await db.selectFrom('users').select(['id', 'name', 'role']).where('role', '!=', 'auditor').where('disabled', '=', 0).orderBy('name').execute();
	return { roster, candidates: users.filter((user) => !withKey.has(user.id)), nodeKeyHeld: await hasStoredNodeKey(db) };
}
