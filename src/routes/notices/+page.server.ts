import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireActor } from '$lib/server/auth/guard';
import { dismissNotice } from '$lib/server/users/notices';
import { formText } from '$lib/server/form-failure';
import { safeRedirectPath } from '$lib/server/safe-redirect';

export const load = () => redirect(303, '/disputes');

export const actions: Actions = {
	dismiss: async ({ locals, request }) => {
		const actor = requireActor(locals);
		const data = await request.formData();
		const id = Number(formText(data, 'id', 12));
		if (Number.isSafeInteger(id) && id > 0) await dismissNotice(getRuntime(), actor, id);
		redirect(303, safeRedirectPath(data.get('redirectTo')));
	}
};
