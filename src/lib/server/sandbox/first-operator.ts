// Sandbox only: right after first-run setup, gives the new operator a solver key (origin
// `sandbox`) and registers it read-write on the node double through the real protocol path
// (`admin-add-solver` signed with the sandbox node key), so the whole flow can be practised at
// once. Waits only briefly for the node's answer; the registration finishes in the background.
// Must never run outside the sandbox (it checks isSandboxActive itself), never fail setup
// (problems are logged as warnings), and never log or return the node key.
import type { Config } from '../config.ts';
import type { MostroServices } from '../mostro/services.ts';
import type { SessionUser } from '../auth/session-types.ts';
import { executeAddSolver } from '../mostro/actions/add-solver.ts';
import { createSolverKey } from '../vault/solver-keys.ts';
import { log } from '../log.ts';
import { isSandboxActive } from './active.ts';

/** `skipped`: not in the sandbox; `pending`: still waiting for the node after `waitMs`. */
export type SandboxSolverResult = 'skipped' | 'acknowledged' | 'refused' | 'no-answer' | 'pending' | 'failed';

export async function provisionSandboxSolver(
	runtime: MostroServices & { config: Config },
	operator: { id: number; name: string },
	waitMs = 1500
): Promise<SandboxSolverResult> {
	if (!isSandboxActive(runtime)) return 'skipped';
	const nodeKey = runtime.config.sandbox.nodeKeyHex;
	if (!nodeKey) return 'skipped';
	const actor: SessionUser = { id: operator.id, name: operator.name, role: 'operator', locale: 'en', theme: 'system', mustChangePassword: false, totpEnabled: false };
	try {
		await createSolverKey(runtime.db, runtime.sealer, { userId: operator.id, label: operator.name }, operator.id, { generate: true }, 'sandbox');
		await runtime.messenger.refreshRecipients();
	} catch (error) {
		log.warn('sandbox: could not create the first operator\'s solver key', { error: describe(error) });
		return 'failed';
	}
	const registration = executeAddSolver(runtime, actor, { userId: operator.id, permission: 'read-write', nodeKey, keepNodeKey: false }).then(
		(outcome): SandboxSolverResult => {
			if (outcome.state === 'acknowledged') log.info('sandbox: registered the first operator as a read-write solver', { userId: operator.id });
			else log.warn('sandbox: the node did not acknowledge the first operator\'s solver registration', { userId: operator.id, outcome: outcome.state });
			return outcome.state;
		},
		(error: unknown): SandboxSolverResult => {
			log.warn('sandbox: could not register the first operator as a solver', { userId: operator.id, error: describe(error) });
			return 'failed';
		}
	);
	let timer: ReturnType<typeof setTimeout> | undefined;
	const waited = new Promise<SandboxSolverResult>((resolve) => {
		timer = setTimeout(() => resolve('pending'), waitMs);
	});
	try {
		return await Promise.race([registration, waited]);
	} finally {
		clearTimeout(timer);
	}
}

/** An error's name and refusal key only: messages could in principle echo input. */
function describe(error: unknown): string {
	if (error && typeof error === 'object' && 'messageKey' in error) return String((error as { messageKey: unknown }).messageKey);
	return error instanceof Error ? error.name : 'unknown';
}
