import type { LayoutServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';

/** `user`: the signed-in user or null; `locale`; `nodeConfigured`: whether a Mostro node is set. */
export const load: LayoutServerLoad = ({ locals }) => ({
	user: locals.user,
	locale: locals.locale,
	nodeConfigured: getRuntime().engine.nodePubkey !== null
});
