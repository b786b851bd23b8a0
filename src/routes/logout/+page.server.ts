import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { signOut } from '$lib/server/auth/sessions';
import { clearSessionCookie } from '$lib/server/auth/cookies';

export const load = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.session && locals.actor) await signOut(getRuntime(), locals.actor, locals.session.id);
		clearSessionCookie(cookies);
		redirect(303, '/login');
	}
};
