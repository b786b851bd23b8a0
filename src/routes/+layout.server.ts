import type { LayoutServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { listUnreadNotices } from '$lib/server/users/notices';
import { isSandboxActive } from '$lib/server/sandbox/active';

/**
 * `user`: the signed-in user or null; `locale`; `nodeConfigured`: whether a Mostro node is
 * followed; `sandbox`: whether that node is the sandbox's simulated one (shown as a banner on
 * every page); `notices`: the user's unread notices.
 */
export const load: LayoutServerLoad = async ({ locals, depends }) => {
	depends('app:notices');
	const runtime = getRuntime();
	const verified = locals.user && locals.session && (!locals.user.totpEnabled || locals.session.secondFactorVerified);
	return {
		user: locals.user,
		locale: locals.locale,
		nodeConfigured: runtime.engine.nodePubkey !== null,
		sandbox: isSandboxActive(runtime),
		notices: verified && locals.user ? await listUnreadNotices(runtime.db, locals.user.id) : []
	};
};
