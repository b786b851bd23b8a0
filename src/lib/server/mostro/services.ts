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
import { AttachmentArchive } from '../archive/attachment-archive.ts';
import { createDiskBlobStore, createMemoryBlobStore } from '../archive/blob-store.ts';
import { queueUnarchivedAttachments } from '../archive/archive-backfill.ts';
import type { BlobPolicy } from './dispute-chat/blob-fetch.ts';

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
	/** Sealed copies of every attachment blob seen (issue 15). */
	archive: AttachmentArchive;
}

export interface MostroServicesOptions {
	replyTimeoutMs?: ReplyTimeout;
	crashPoint?: Config['testCrashPoint'];
	/** Where the attachment archive lives (`<dataDir>/attachments`); without one it is kept in memory. */
	dataDir?: string | null;
	/** The hosts attachments may be fetched from in the background; none without one. */
	blobPolicy?: BlobPolicy;
}

/** Re-checks a dispute's hold invoice after something changed it; failures are only logged. */
export function recheckEscrow(services: Pick<MostroServices, 'escrow'>, disputeId: string): void {
	void refreshEscrow(services.escrow, disputeId).catch((error: unknown) =>
		log.warn('escrow check failed', { disputeId, error: error instanceof Error ? error.message : String(error) })
	);
}

export function createMostroServices(db: Db, sealer: Sealer, options: MostroServicesOptions = {}): MostroServices {
	const live = new LiveHub();
	const engine = new MostroEngine(db, live);
	const messenger = new NodeMessenger(db, engine, sealer, options);
	const store = options.dataDir ? createDiskBlobStore(options.dataDir, sealer) : createMemoryBlobStore(sealer);
	const archive = new AttachmentArchive(db, store, options.blobPolicy ?? { allowedHosts: [], allowLoopback: false });
	const services = { db, sealer, live, engine, messenger, escrow: { db, sealer, live }, archive } as MostroServices;
	services.chat = new DisputeChat(services);
	services.assistant = new AssistantInbox(services);
	messenger.onReply('admin-take-dispute', async (tx, entry, reply) => {
		const displaced = await applyTookDispute(services, tx, entry, reply);
		// A console user holds it now: an outside holder (the assistant) no longer does.
		if (entry.dispute_id) await forgetOutsideHolder(tx, entry.dispute_id);
		setImmediate(() => {
			if (displaced !== null) live.publish('notice', { userId: displaced });
			void engine.refreshLinkedOrders();
			void services.chat.refresh();
			if (entry.dispute_id) live.publish('dispute', { id: entry.dispute_id, status: 'in-progress', isNew: false, taken: true });
			if (entry.dispute_id) recheckEscrow(services, entry.dispute_id);
		});
	});
	for (const action of ['admin-settle', 'admin-cancel']) {
		messenger.onReply(action, async (tx, entry, reply) => {
			await applyDecisionReply(tx, entry, reply);
			setImmediate(() => {
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
	// Files a previous run stored the message of but never fetched (the archive queue is in memory).
	void queueUnarchivedAttachments(services.db, services.archive).catch((error: unknown) =>
		log.warn('could not queue attachments for the archive', { error: error instanceof Error ? error.message : String(error) })
	);
	// Requests a previous run left without an answer get one reply time-out to be answered late.
	const timeout = services.messenger.timeoutMs;
	setTimeout(() => void expireOrphanedRequests(services, timeout).catch(() => undefined), timeout).unref();
}
