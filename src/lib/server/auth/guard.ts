// Re-checks, inside each action and endpoint, what the hook already enforced: a
// signed-in user, fully verified, with the permission the action needs; commands get the
// request's actor from `requireActor` (never one built by hand).
import { error, redirect } from '@sveltejs/kit';
import { translate } from '$lib/i18n';
import { can } from '../../access/access-rules.ts';
import type { Permission } from '../../access/roles-table.ts';
import type { SessionUser } from './session-types.ts';
import { personActor, type PersonActor } from './actor.ts';

export function requireUser(locals: App.Locals, permission?: Permission): SessionUser {
	const { user, session } = locals;
	if (!user || !session) redirect(303, '/login');
	if (user.totpEnabled && !session.secondFactorVerified) redirect(303, '/login/two-factor');
	if (permission && !can(user.role, permission)) error(403, { message: translate(locals.locale, 'error.forbidden'), code: 'forbidden' });
	return user;
}

/** `requireUser`'s checks, then the request's actor (built once, by the hook). */
export function requireActor(locals: App.Locals, permission?: Permission): PersonActor {
	const user = requireUser(locals, permission);
	return locals.actor ?? personActor(user, locals.requestId);
}
