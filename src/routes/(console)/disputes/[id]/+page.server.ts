import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { requireUser } from '$lib/server/auth/guard';
import { getDispute, listDisputeRevisions } from '$lib/server/mostro/dispute-repository';

/** `dispute`: current state; `revisions`: every public revision seen, oldest first. */
export const load: PageServerLoad = async ({ locals, params, depends }) => {
	depends('app:disputes');
	requireUser(locals);
	const { db } = getRuntime();
	const dispute = await getDispute(db, params.id);
	if (!dispute) error(404, { message: translate(locals.locale, 'case.not_found') });
	const revisions = await listDisputeRevisions(db, dispute.id);
	return {
		dispute: {
			id: dispute.id,
			status: dispute.status,
			initiator: dispute.initiator,
			legacy: dispute.legacy === 1,
			openedAt: dispute.opened_at,
			firstSeenAt: dispute.first_seen_at,
			orderId: dispute.order_id
		},
		revisions: revisions.map((revision) => ({ eventId: revision.event_id, status: revision.status, at: revision.revision_at, relay: revision.relay }))
	};
};
