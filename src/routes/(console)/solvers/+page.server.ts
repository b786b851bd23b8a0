import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { requireActor, requireUser } from '$lib/server/auth/guard';
import { loadSolverRoster } from '$lib/server/mostro/solver-roster';
import { createSolverKey } from '$lib/server/vault/solver-keys';
import { forgetNodeKey } from '$lib/server/vault/node-key';
import { executeAddSolver } from '$lib/server/mostro/actions/add-solver';
import { formText, toFailure } from '$lib/server/form-failure';
import { describeCantDo } from '$lib/protocol/cant-do';
import { needsLongPow } from '$lib/server/mostro/pow-notice';
import { encodeNpub } from '$lib/protocol/keys';

/**
 * `roster`, `candidates` (users without a key), `nodeKeyHeld`, `following` (a node is configured),
 * `launcherSigns`: the process launcher holds the followed node's key, so registering needs none pasted.
 */
export const load: PageServerLoad = async ({ locals }) => {
	requireUser(locals, 'manage_solvers');
	const runtime = getRuntime();
	return {
		...(await loadSolverRoster(runtime.db)),
		following: runtime.engine.nodePubkey !== null,
		launcherSigns: runtime.launcherNodeKey.signsFor(runtime.engine.nodePubkey),
		longPow: await needsLongPow(runtime.db, runtime.engine.nodePubkey)
	};
};

type Event = Parameters<Actions[string]>[0];

function userIdFrom(data: FormData): number | null {
	const id = Number(formText(data, 'userId', 12));
	return Number.isSafeInteger(id) && id > 0 ? id : null;
}

async function give({ request, locals }: Event) {
	const actor = requireActor(locals, 'manage_solvers');
	const data = await request.formData();
	const userId = userIdFrom(data);
	if (userId === null) return fail(400, { problem: { code: 'invalid_input', message: translate(locals.locale, 'solvers.error.user'), field: 'userId' } });
	const runtime = getRuntime();
	try {
		const source = formText(data, 'mode', 10) === 'import' ? { secret: formText(data, 'secret', 200) } : { generate: true as const };
		const pubkey = await createSolverKey(runtime, actor, userId, source);
		return { given: encodeNpub(pubkey) };
	} catch (error) {
		return toFailure(error, locals.locale);
	}
}

async function register({ request, locals }: Event) {
	const actor = requireActor(locals, 'manage_solvers');
	const data = await request.formData();
	const userId = userIdFrom(data);
	const permission = formText(data, 'permission', 20);
	if (userId === null || (permission !== 'read' && permission !== 'read-write')) {
		return fail(400, { problem: { code: 'invalid_input', message: translate(locals.locale, 'error.invalid_input'), field: null } });
	}
	try {
		const outcome = await executeAddSolver(getRuntime(), actor, userId, {
			permission,
			nodeKey: formText(data, 'nodeKey', 200),
			keepNodeKey: data.get('keepNodeKey') === 'on'
		});
		return { outcome: outcome.state, reason: outcome.state === 'refused' ? describeCantDo(outcome.reason, locals.locale) : null };
	} catch (error) {
		return toFailure(error, locals.locale);
	}
}

async function forget({ locals }: Event) {
	const actor = requireActor(locals, 'manage_solvers');
	await forgetNodeKey(getRuntime(), actor, null);
	return { forgotten: true };
}

export const actions: Actions = { give, register, forget };
