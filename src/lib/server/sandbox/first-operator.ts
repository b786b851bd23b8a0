// Sandbox seeding, second half: once the first operator exists (created on /setup), gives them
// a solver key and registers it read-write on the node double, by calling the Solvers page's own
// two commands as that operator ("give a key": createSolverKey, then "register" with the sandbox
// node key pasted and not kept: executeAddSolver), so keys, registration state and audit entries
// are exactly what the operator's two clicks leave. bin/start.mjs watches for the operator after
// the server started (watchFirstOperator) with the server's own services (runtimeOfProcess).
// Idempotent: an operator whose key was already registered (or tried) is left alone, so restarts
// add nothing. Never fails the console (problems are logged as warnings) and never logs the node key.
// It also hands the node key to the server in memory for the operator's later registrations.
import type { MostroServices } from '../mostro/services.ts';
import { personActor } from '../auth/actor.ts';
import { createSolverKey, getSolverKey } from '../vault/solver-keys.ts';
import { executeAddSolver } from '../mostro/actions/add-solver.ts';
import { fromHex } from '../../protocol/keys.ts';

/** `waiting`: no operator yet; `done`: the first operator's key was registered before. */
export type FirstOperatorResult = 'waiting' | 'done' | { registration: string };

export async function provisionFirstOperator(services: MostroServices, nodeKey: string): Promise<FirstOperatorResult> {
	const { db } = services;
	const operator = await db.selectFrom('users').select(['id', 'name']).where('role', '=', 'operator').orderBy('id').limit(1).executeTakeFirst();
	if (!operator) return 'waiting';
	const key = await getSolverKey(db, operator.id);
	if (key && key.registration_state !== null) return 'done';
	// The operator acting, as their session would: the same actor the Solvers page's actions get.
	const actor = personActor({ id: operator.id, name: operator.name, role: 'operator' });
	if (!key) {
		await createSolverKey(services, actor, operator.id, { generate: true });
		// The messenger follows SolverKeyChanged; wait until it listens for the new key.
		await services.events.settled();
	}
	const outcome = await executeAddSolver(services, actor, operator.id, { permission: 'read-write', nodeKey, keepNodeKey: false });
	return { registration: outcome.state };
}

/**
 * Hands the sandbox node's key to the started server in memory (services.launcherNodeKey), so the
 * Solvers page registers further solver keys (a second mediator's) without a pasted node key.
 */
export function handOverSandboxNodeKey(services: Pick<MostroServices, 'launcherNodeKey'>, nodeKeyHex: string): void {
	const secret = fromHex(nodeKeyHex);
	services.launcherNodeKey.hold(secret);
	secret.fill(0);
}

export interface FirstOperatorWatch {
	/** Resolves when the first operator was provisioned (or found done), failed, or the watch was stopped. */
	settled: Promise<FirstOperatorResult | 'failed' | 'stopped'>;
	stop(): void;
}

/** Polls for the first operator every `intervalMs` and provisions them once. */
export function watchFirstOperator(services: MostroServices, nodeKey: string, options: { intervalMs?: number; log?: (line: string) => void } = {}): FirstOperatorWatch {
	const log = options.log ?? (() => undefined);
	let timer: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	let finish: (result: FirstOperatorResult | 'failed' | 'stopped') => void = () => undefined;
	const settled = new Promise<FirstOperatorResult | 'failed' | 'stopped'>((resolve) => (finish = resolve));
	const tick = async () => {
		if (stopped) return;
		try {
			const result = await provisionFirstOperator(services, nodeKey);
			if (result === 'waiting') {
				if (!stopped) timer = setTimeout(() => void tick(), options.intervalMs ?? 300);
				return;
			}
			if (result !== 'done') log(`registered the first operator's solver key read-write on the node: ${result.registration}`);
			finish(result);
		} catch (error) {
			log(`could not give the first operator a solver key: ${error instanceof Error ? error.message : 'unknown error'}`);
			finish('failed');
		}
	};
	void tick();
	return {
		settled,
		stop() {
			stopped = true;
			clearTimeout(timer);
			finish('stopped');
		}
	};
}
