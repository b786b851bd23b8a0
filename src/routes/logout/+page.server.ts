import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { invalidateSession } from '$lib/server/auth/sessions';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { appendAudit } from '$lib/server/audit/log';

export const load = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies }) => {
		if (locals.session && locals.user) {
			const { db } = getRuntime();
			const { session, user } = locals;
			await db.transaction().execute(async (tx) => {
				await invalidateSession(tx, session.id);
				await appendAudit(tx, { userId: user.id, label: user.name }, { action: 'logout', subject: `user:${user.id}` });
			});
		}
		clearSessionCookie(cookies);
		redirect(303, '/login');
	}
};
