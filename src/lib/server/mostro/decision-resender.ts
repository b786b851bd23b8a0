// Decisions the node never received (issue 15 "Nothing lost"; ARCHITECTURE "Reliability rules").
// A settle or cancel whose event never left the console (no relay reachable, then the console
// was killed or its wait ran out) is sent once a relay is reachable again; one the relays took
// but the node never answered (the daemon silently drops an event older than 10 s on arrival,
// MOSTROD.md §7.1) is sent again, a few times at most, while the dispute is in progress. Each
// time it is the same journal row and request id, stamped afresh (node-messenger.ts `resend`).
// An approved decision a restart cut off before its journal row is executed then (or failed when
// the case moved on). Runs on the engine leader only. Never sends for a closed dispute, for a row this process still
// waits on, nor a second time an event no relay has confirmed it lacks.
import type { MostroServices } from './services.ts';
import type { JournalRow } from './action-journal.ts';
import { listStaleOpenRows, recordReceipts, resendCount } from './action-journal.ts';
import { CLOSED_ORDER_REFUSALS } from './node-messenger.ts';
import { decisionRequest, resumeApprovedDecision } from './actions/decide.ts';
import { isClosed } from './actions/decision-rules.ts';
import { getDecisionOfRequest, listStrandedApprovals } from '../cases/decision-store.ts';
import { getDispute } from '../cases/dispute-store.ts';
import { getOrderState } from '../cases/order-store.ts';
import { findSolverByPubkey, openSolverSecret } from '../vault/solver-keys.ts';
import { NOT_CONNECTED, type PublishReceipt } from '../relays/relay-connection.ts';
import { systemActor } from '../auth/actor.ts';
import { log } from '../log.ts';

/** How often the leader looks for such decisions. */
export const RESEND_SCAN_MS = 10_000;
/** A row younger than this may still be in its first send (between the journal write and the wait). */
const SETTLE_MS = 5_000;
/** An approved decision still without a request after this long was cut off by a restart. */
const STRANDED_MS = 60_000;
/** How long a decision the relays took stays unanswered before it is sent again; doubled after each resend. */
export const UNANSWERED_RESEND_MS = 30_000;
/** Sends of a decision the relays took, after the first (the last about 16 min after it). */
export const MAX_UNANSWERED_RESENDS = 5;
/** A loaded relay may take seconds to answer; a query without its EOSE leaves the row for the next scan. */
const QUERY_TIMEOUT_MS = 10_000;

const DECISION_ACTIONS = ['admin-settle', 'admin-cancel'];

function receiptsOf(row: Pick<JournalRow, 'receipts'>): PublishReceipt[] {
	try {
		const list: unknown = JSON.parse(row.receipts);
		return Array.isArray(list) ? list.filter((r): r is PublishReceipt => typeof r === 'object' && r !== null && typeof (r as PublishReceipt).accepted === 'boolean') : [];
	} catch {
		return [];
	}
}

/** Every receipt says "not connected": the event never left the console. An empty list is unknown. */
export function neverLeft(row: Pick<JournalRow, 'receipts'>): boolean | null {
	const list = receiptsOf(row);
	if (list.length === 0) return null;
	return list.every((r) => !r.accepted && r.message === NOT_CONNECTED);
}

/**
 * No receipt was recorded (the process died during or before the publish): asks the relays for
 * the event. True when one holds it, false when at least one answered and none does, null when
 * none answered. A found event is recorded as its receipt, so it is asked once.
 */
export async function leftAccordingToRelays(services: MostroServices, row: JournalRow): Promise<boolean | null> {
	if (!row.event_id) return false;
	const results = await services.engine.query([{ ids: [row.event_id] }], QUERY_TIMEOUT_MS);
	const holders = results.filter((r) => r.events.length > 0);
	if (holders.length > 0) {
		await recordReceipts(
			services.db,
			row.request_id,
			holders.map((r) => ({ relay: r.relay, accepted: true, message: 'found on the relay after a restart', rttMs: null })),
			Date.now()
		);
		return true;
	}
	return results.some((r) => r.complete && r.error === null) ? false : null;
}

const inFlight = new WeakMap<MostroServices, Set<number>>();
/** Services with a scan running: scans never overlap (two could otherwise send one row twice). */
const scanning = new WeakSet<MostroServices>();

/** One scan (none while another runs); resolves with the number of decisions handed to the messenger again. */
export async function resendStalledDecisions(services: MostroServices, now = Date.now()): Promise<number> {
	if (!services.engine.nodePubkey || scanning.has(services)) return 0;
	scanning.add(services);
	try {
		return await scanOnce(services, now);
	} finally {
		scanning.delete(services);
	}
}

/** Decisions being executed again after a restart cut them between approval and journal. */
const resuming = new WeakMap<MostroServices, Set<number>>();

/** Approved decisions a restart left before the journal (no request): executed now, or failed. */
async function resumeApproved(services: MostroServices, now: number): Promise<number> {
	const busy = resuming.get(services) ?? new Set<number>();
	resuming.set(services, busy);
	const stranded = await listStrandedApprovals(services.db, now - STRANDED_MS);
	let resumed = 0;
	for (const id of stranded) {
		if (busy.has(id)) continue;
		busy.add(id);
		resumed += 1;
		void resumeApprovedDecision(services, id)
			.catch((error: unknown) => log.warn('could not execute an approved decision again', { decisionId: id, error: error instanceof Error ? error.message : String(error) }))
			.finally(() => busy.delete(id));
	}
	return resumed;
}

async function scanOnce(services: MostroServices, now: number): Promise<number> {
	const { db, engine, messenger } = services;
	const resumed = await resumeApproved(services, now);
	const busy = inFlight.get(services) ?? new Set<number>();
	inFlight.set(services, busy);
	const reachable = () => engine.health().relays.some((relay) => relay.status === 'connected');
	const rows = await listStaleOpenRows(db, DECISION_ACTIONS, now - SETTLE_MS);
	let resent = 0;
	for (const row of rows) {
		if (busy.has(row.request_id) || messenger.isWaiting(row.request_id) || row.dispute_id === null) continue;
		const decision = await getDecisionOfRequest(db, row.request_id);
		const dispute = await getDispute(db, row.dispute_id);
		if (!decision || decision.state !== 'executed' || !dispute || dispute.status !== 'in-progress') continue;
		if (isClosed(dispute.status, (await getOrderState(db, row.order_id))?.status ?? null)) continue;
		// Without a relay nothing can leave: the decision shows as waiting for one (decision-view.ts).
		if (!reachable()) continue;
		let unsent = neverLeft(row);
		if (unsent === null) {
			const left = await leftAccordingToRelays(services, row);
			if (left === null) continue;
			unsent = !left;
		}
		let why: 'unsent' | 'unanswered';
		if (unsent) why = 'unsent';
		else if (row.state === 'no-answer' && !CLOSED_ORDER_REFUSALS.includes(row.reason ?? '') && resendCount(row) < MAX_UNANSWERED_RESENDS && row.updated_at < now - UNANSWERED_RESEND_MS * 2 ** resendCount(row)) why = 'unanswered';
		else continue;
		const solver = await findSolverByPubkey(db, row.signer_pubkey);
		const key = solver ? await openSolverSecret(db, services.sealer, solver.user_id) : null;
		if (!key) continue;
		busy.add(row.request_id);
		resent += 1;
		// Not awaited: the reply wait runs its own course; the next scan skips a row still waiting.
		void messenger
			.resend({ ...decisionRequest(decision, row.request_id), signer: key, actor: systemActor('system', row.actor_user_id) }, why)
			.catch((error: unknown) => log.warn('could not send a decision again', { requestId: row.request_id, error: error instanceof Error ? error.message : String(error) }))
			.finally(() => {
				key.secret.fill(0);
				busy.delete(row.request_id);
			});
	}
	return resent + resumed;
}
