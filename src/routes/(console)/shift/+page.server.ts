import type { PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireActor } from '$lib/server/auth/guard';
import { can } from '$lib/access/access-rules';
import { listShift } from '$lib/server/cases/shift-query';

/** `rows`: the disputes that need the signed-in mediator, most pressing first (one query); `now`: server time (ms). */
export const load: PageServerLoad = async ({ locals, depends }) => {
	depends('app:disputes');
	const actor = requireActor(locals, 'mediate');
	const rows = await listShift(getRuntime().db, actor.userId, { mayReview: can(actor.role, 'mediate'), operatorRoute: can(actor.role, 'manage_solvers') });
	return { rows, now: Date.now() };
};
