// Wires the engine's parts together once per process (and once per integration test):
// live hub, engine, node messenger with each action's reply handler, and reconciliation
// of journal rows from public dispute revisions, and the node's unsolicited notices.
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import { LiveHub } from '../live/hub.ts';
import { MostroEngine } from './engine.ts';
import { NodeMessenger, type ReplyTimeout } from './node-messenger.ts';
import { applyTookDispute } from './actions/take-dispute.ts';
import { applyDecisionReply } from './actions/decide.ts';
import { announcePartiesClosed, applyPartiesClosedNotice } from './actions/parties-closed.ts';
import { expireOrphanedRequests, reconcileOpenActions } from './reconcile.ts';
import { DisputeChat } from './dispute-chat/dispute-chat.ts';
import { AssistantInbox } from './assistant-inbox.ts';
import { forgetOutsideHolder } from '../cases/assistant-holder.ts';
import type { Config } from '../config.ts';
import { log } from '../log.ts';
import { refreshEscrow, type EscrowContext } from '../lightning/escrow.ts';
import { afterCommit } from '../db/after-commit.ts';

export interface MostroServices {
	db: Db;
	sealer: Sealer;
	live: LiveHub;
	engine: MostroEngine;
	messenger: NodeMessenger;
	chat: DisputeChat;
	/** The node's assistant solver writing to our solver keys (UPSTREAM-0.19.md §8). */
	assistant: AssistantInbox;
	/** Escrow verification against the node's LND (optional; nothing happens without it). */
	escrow: EscrowContext;
}

/** Re-checks a dispute's hold invoice after something changed it; failures are only logged. */
export function recheckEscrow(services: Pick<MostroServices, 'escrow'>, disputeId: string): void {
	void refreshEscrow(services.escrow, disputeId).catch((error: unknown) =>
		log.warn('escrow check failed', { disputeId, error: error instanceof Error ? error.message : String(error) })
	);
}

function logBackgroundFailure(error: unknown): void {
	log.warn('a background refresh after a reply failed', { error: error instanceof Error ? error.message : String(error) });
}

export function createMostroServices(db: Db, sealer: Sealer, options: { replyTimeoutMs?: ReplyTimeout; crashPoint?: Config['testCrashPoint'] } = {}): MostroServices {
	const live = new LiveHub();
	const engine = new MostroEngine(db, live);
	const messenger = new NodeMessenger(db, engine, sealer, options);
	const services = { db, sealer, live, engine, messenger, escrow: { db, sealer, live } } as MostroServices;
	services.chat = new DisputeChat(services);
	services.assistant = new AssistantInbox(services);
	messenger.onReply('admin-take-dispute', async (tx, entry, reply) => {
		const displaced = await applyTookDispute(services, tx, entry, reply);
		// A console user holds it now: an outside holder (the assistant) no longer does.
		if (entry.dispute_id) await forgetOutsideHolder(tx, entry.dispute_id);
		afterCommit(tx, () => {
			if (displaced !== null) live.publish('notice', { userId: displaced });
			// Background refreshes: a failure (the database gone at shut-down, a dropped connection) is logged, never unhandled.
			engine.refreshLinkedOrders().catch(logBackgroundFailure);
			services.chat.refresh().catch(logBackgroundFailure);
			if (entry.dispute_id) live.publish('dispute', { id: entry.dispute_id, status: 'in-progress', isNew: false, taken: true });
			if (entry.dispute_id) recheckEscrow(services, entry.dispute_id);
		});
	});
	for (const action of ['admin-settle', 'admin-cancel']) {
		messenger.onReply(action, async (tx, entry, reply) => {
			await applyDecisionReply(tx, entry, reply);
			afterCommit(tx, () => {
				if (entry.dispute_id) live.publish('dispute', { id: entry.dispute_id, isNew: false, decided: true });
				if (entry.dispute_id) recheckEscrow(services, entry.dispute_id);
			});
		});
	}
	messenger.onNotice(async (message, recipient) => {
		const applied = await applyPartiesClosedNotice(db, message, recipient);
		if (!applied) return;
		announcePartiesClosed(live, applied);
		void reconcileOpenActions(services, applied.disputeId);
	});
	engine.onDisputeRevision((disputeId) => void reconcileOpenActions(services, disputeId));
	return services;
}

/** Starts following the node and listening for replies; reconciles what a restart left open. */
export async function startMostroServices(services: MostroServices, connection: Parameters<MostroEngine['start']>[0]): Promise<void> {
	await services.engine.start(connection);
	await services.messenger.refreshRecipients();
	await services.chat.refresh();
	await services.assistant.refresh();
	await reconcileOpenActions(services, null);
	// Requests a previous run left without an answer get one reply time-out to be answered late.
	const timeout = services.messenger.timeoutMs;
	setTimeout(() => void expireOrphanedRequests(services, timeout).catch(() => undefined), timeout).unref();
}
