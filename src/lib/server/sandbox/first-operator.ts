// Sandbox seeding, second half: once the first operator exists (created on /setup), gives them
// a solver key and registers it read-write on the node double, through the Solvers page's own
// two forms ("give a key", then "register" with the sandbox node key pasted and not kept), so
// keys, registration state and audit entries are exactly what an operator doing it by hand
// would leave. bin/start.mjs watches for the operator after the server starts
// (watchFirstOperator); the forms are posted over HTTP (console-forms.ts). Idempotent: an
// operator whose key was already registered (or tried) is left alone, so restarts add nothing.
// Never fails the console (problems are logged as warnings) and never logs the node key.
import type { Db } from '../db/index.ts';
import { getSolverKey } from '../vault/solver-keys.ts';

/** The Solvers page's forms, submitted as `operatorId`. */
export interface SolverForms {
	give(operatorId: number, userId: number): Promise<void>;
	/** Resolves with the registration outcome the page shows (`acknowledged`, `no-answer`, …). */
	register(operatorId: number, userId: number, permission: 'read-write', nodeKey: string): Promise<string>;
}

/** `waiting`: no operator yet; `done`: the first operator's key was registered before. */
export type FirstOperatorResult = 'waiting' | 'done' | { registration: string };

export async function provisionFirstOperator(db: Db, forms: SolverForms, nodeKey: string): Promise<FirstOperatorResult> {
	const operator = await db.selectFrom('users').select('id').where('role', '=', 'operator').orderBy('id').limit(1).executeTakeFirst();
	if (!operator) return 'waiting';
	const key = await getSolverKey(db, operator.id);
	if (key && key.registration_state !== null) return 'done';
	if (!key) await forms.give(operator.id, operator.id);
	return { registration: await forms.register(operator.id, operator.id, 'read-write', nodeKey) };
}

export interface FirstOperatorWatch {
	/** Resolves when the first operator was provisioned (or found done), failed, or the watch was stopped. */
	settled: Promise<FirstOperatorResult | 'failed' | 'stopped'>;
	stop(): void;
}

/** Polls for the first operator every `intervalMs` and provisions them once. */
export function watchFirstOperator(db: Db, forms: SolverForms, nodeKey: string, options: { intervalMs?: number; log?: (line: string) => void } = {}): FirstOperatorWatch {
	const log = options.log ?? (() => undefined);
	let timer: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	let finish: (result: FirstOperatorResult | 'failed' | 'stopped') => void = () => undefined;
	const settled = new Promise<FirstOperatorResult | 'failed' | 'stopped'>((resolve) => (finish = resolve));
	const tick = async () => {
		if (stopped) return;
		try {
			const result = await provisionFirstOperator(db, forms, nodeKey);
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
