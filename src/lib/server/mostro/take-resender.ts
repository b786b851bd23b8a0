// Takes a restart or the node's freshness rule left without an answer (issue 15 "Nothing lost";
// ARCHITECTURE "Reliability rules"; MOSTROD.md §2, §7.1). A take whose journal row was written
// but whose event never left the console (killed before the publish, or no relay reachable), or
// one the relays took but the node never answered (it drops an event older than 10 s on arrival),
// is sent once more under the same journal row and request id, stamped afresh (node-messenger.ts
// `resend`). A re-take by the same solver is safe: the daemon answers it with the dispute info
// again (MOSTROD.md §2 "re-take"). The answer then settles the row as it would have the first
// time, so the mediator sees the dispute taken (or refused, or "no answer") instead of a request
// that never ends. Runs on the engine leader only. Never sends a take twice (one resend per row),
// never for a closed dispute, one another user holds now, or one a later take superseded.
import type { MostroServices } from './services.ts';
import type { JournalRow } from './action-journal.ts';
import { listStaleOpenRows, resendCount } from './action-journal.ts';
import { leftAccordingToRelays, neverLeft, UNANSWERED_RESEND_MS } from './decision-resender.ts';
import { buildAdminTakeDispute } from '../../protocol/actions/admin-take-dispute.ts';
import { readDisputeInfo } from '../cases/dispute-info.ts';
import { getDispute } from '../cases/dispute-store.ts';
import { findSolverByPubkey, openSolverSecret } from '../vault/solver-keys.ts';
import { systemActor } from '../auth/actor.ts';
import { log } from '../log.ts';

/** A row younger than this may still be in its first send (between the journal write and the wait). */
const SETTLE_MS = 5_000;

const inFlight = new WeakMap<MostroServices, Set<number>>();
/** Services with a scan running: scans never overlap (two could otherwise send one row twice). */
const scanning = new WeakSet<MostroServices>();

/** Whether a take row may still be answered by sending it again: the dispute is open and nobody else holds it. */
async function stillWanted(services: MostroServices, row: JournalRow): Promise<boolean> {
	const { db } = services;
	if (row.dispute_id === null) return false;
	const dispute = await getDispute(db, row.dispute_id);
	if (!dispute || (dispute.status !== 'initiated' && dispute.status !== 'in-progress')) return false;
	if (dispute.holderUserId !== null && dispute.holderUserId !== row.actor_user_id) return false;
	// A later take of the same dispute (the mediator clicked again) is the one that counts.
	const later = await db.selectFrom('action_journal').select('request_id').where('action', '=', 'admin-take-dispute').where('dispute_id', '=', row.dispute_id).where('created_at', '>', row.created_at).executeTakeFirst();
	if (later) return false;
	// Taken and its info stored (a late answer came): nothing is missing.
	const info = await readDisputeInfo(db, row.dispute_id);
	return !(info.state === 'ok' && info.solverPubkey === row.signer_pubkey && dispute.holderUserId === row.actor_user_id);
}

/** One scan; resolves with the number of takes handed to the messenger again. */
export async function resendStalledTakes(services: MostroServices, now = Date.now()): Promise<number> {
	const { engine } = services;
	if (!engine.nodePubkey || scanning.has(services) || !engine.health().relays.some((relay) => relay.status === 'connected')) return 0;
	scanning.add(services);
	try {
		return await scanOnce(services, now);
	} finally {
		scanning.delete(services);
	}
}

async function scanOnce(services: MostroServices, now: number): Promise<number> {
	const { db, messenger } = services;
	const busy = inFlight.get(services) ?? new Set<number>();
	inFlight.set(services, busy);
	const rows = await listStaleOpenRows(db, ['admin-take-dispute'], now - SETTLE_MS);
	let resent = 0;
	for (const row of rows) {
		if (resendCount(row) > 0 || busy.has(row.request_id) || messenger.isWaiting(row.request_id) || row.dispute_id === null) continue;
		if (!(await stillWanted(services, row))) continue;
		let unsent = neverLeft(row);
		if (unsent === null) {
			const left = await leftAccordingToRelays(services, row);
			if (left === null) continue;
			unsent = !left;
		}
		// One the relays took: the node had its chance to answer within the wait; give it that long again.
		if (!unsent && !(row.state === 'no-answer' && row.updated_at < now - UNANSWERED_RESEND_MS)) continue;
		const solver = await findSolverByPubkey(db, row.signer_pubkey);
		const key = solver ? await openSolverSecret(db, services.sealer, solver.user_id) : null;
		if (!key) continue;
		busy.add(row.request_id);
		resent += 1;
		const disputeId = row.dispute_id;
		void messenger
			.resend(
				{ action: 'admin-take-dispute', message: buildAdminTakeDispute({ disputeId, requestId: row.request_id }), requestId: row.request_id, signer: key, disputeId, actor: systemActor('system', row.actor_user_id) },
				unsent ? 'unsent' : 'unanswered'
			)
			.catch((error: unknown) => log.warn('could not send a take again', { requestId: row.request_id, error: error instanceof Error ? error.message : String(error) }))
			.finally(() => {
				key.secret.fill(0);
				busy.delete(row.request_id);
			});
	}
	return resent;
}
