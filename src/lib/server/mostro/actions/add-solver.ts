// Registering a console user's solver key on the node (MOSTROD.md §4): `admin-add-solver`
// signed by the node key, pasted for this one action (wiped afterwards), held in memory by the
// launcher that runs the followed node itself (launcher-node-key.ts), or held sealed by the
// operator's choice. The daemon is silent for bad or duplicate npubs, so "no answer"
// is an expected outcome, shown as such.
import type { MostroServices } from '../services.ts';
import type { PersonActor } from '../../auth/actor.ts';
import type { SendOutcome } from '../node-messenger.ts';
import { Refusal } from '../../errors.ts';
import { appendAudit } from '../../audit/log.ts';
import { newRequestId } from '../action-journal.ts';
import { getSolverKey } from '../../vault/solver-keys.ts';
import { openNodeKey, parseNodeSecret, storeNodeKey } from '../../vault/node-key.ts';
import { getPubkey } from '../../../protocol/keys.ts';
import { buildAdminAddSolver, type SolverPermission } from '../../../protocol/actions/admin-add-solver.ts';

export interface AddSolverInput {
	permission: SolverPermission;
	/** Pasted node key; empty to use the one the launcher holds for the followed node, else the vault's. */
	nodeKey: string;
	/** Keep the pasted key sealed in the vault for next time. */
	keepNodeKey: boolean;
}

/** Registers `solverUserId`'s key on the node. */
export async function executeAddSolver(runtime: MostroServices, operator: PersonActor, solverUserId: number, input: AddSolverInput): Promise<SendOutcome> {
	const { db, sealer, engine } = runtime;
	const solver = await getSolverKey(db, solverUserId);
	if (!solver) throw new Refusal('not_found', 'solvers.error.no_key');
	const actor = operator;
	const secret = input.nodeKey.trim() ? parseNodeSecret(input.nodeKey, engine.nodePubkey) : (runtime.launcherNodeKey.open(engine.nodePubkey) ?? (await openNodeKey(db, sealer)));
	if (!secret) throw new Refusal('invalid_input', 'solvers.error.node_key_needed', { field: 'nodeKey' });
	try {
		if (input.nodeKey.trim() && input.keepNodeKey) await storeNodeKey(db, sealer, actor, secret);
		await db.transaction().execute(async (tx) => {
			await tx.updateTable('solver_keys').set({ permission: input.permission, registration_state: 'sent', registered_at: Date.now(), registered_by: operator.userId }).where('user_id', '=', solverUserId).execute();
			await appendAudit(tx, actor, { action: 'node_key.used', subject: `user:${solverUserId}`, details: { for: 'admin-add-solver', permission: input.permission } });
		});
		const requestId = newRequestId();
		const outcome = await runtime.messenger.send({
			action: 'admin-add-solver',
			message: buildAdminAddSolver({ solverPubkey: solver.pubkey, permission: input.permission, requestId }),
			requestId,
			signer: { pubkey: getPubkey(secret), secret },
			actor,
			details: { solverUserId: solverUserId, permission: input.permission }
		});
		if (outcome.state === 'refused') {
			await db.updateTable('solver_keys').set({ permission: null, registration_state: null }).where('user_id', '=', solverUserId).execute();
		} else {
			await db.updateTable('solver_keys').set({ registration_state: outcome.state }).where('user_id', '=', solverUserId).execute();
		}
		return outcome;
	} finally {
		secret.fill(0);
	}
}
