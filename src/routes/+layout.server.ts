import type { LayoutServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { listUnreadNotices } from '$lib/server/users/notices';
import { isSandboxActive } from '$lib/server/sandbox/active';
import { isNodeInMaintenance } from '$lib/server/mostro/instance-info-repository';
import { countAwaitingReview } from '$lib/server/cases/review-queue';
import { can } from '$lib/server/auth/access';

/**
 * `user`: the signed-in user or null; `locale`; `nodeConfigured`: whether a Mostro node is
 * followed; `sandbox`: whether that node is the sandbox's simulated one (shown as a banner on
 * every page); `maintenance`: whether the node announces maintenance mode (a banner);
 * `notices`: the user's unread notices; `reviewCount`: proposals waiting for this user's review
 * (the navigation's count; refreshed live on the `review` topic).
 */
export const load: LayoutServerLoad = async ({ locals, depends }) => {
	depends('app:notices');
	depends('app:node');
	depends('app:reviews');
	const runtime = getRuntime();
	const verified = locals.user && locals.session && (!locals.user.totpEnabled || locals.session.secondFactorVerified);
	return {
		user: locals.user,
		locale: locals.locale,
		nodeConfigured: runtime.engine.nodePubkey !== null,
		sandbox: isSandboxActive(runtime),
		maintenance: await isNodeInMaintenance(runtime.db, runtime.engine.nodePubkey),
		notices: verified && locals.user ? await listUnreadNotices(runtime.db, locals.user.id) : [],
		reviewCount: verified && locals.user ? await countAwaitingReview(runtime.db, { userId: locals.user.id, mayReview: can(locals.user.role, 'mediate') }) : 0
	};
};
