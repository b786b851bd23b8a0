// Wires the engine's parts together once per process (and once per integration test): the
// domain event bus, live hub, engine, node messenger with each action's reply handler, chat,
// the assistant's inbox and escrow checks, built whole and in dependency order. What follows
// from a committed change (live messages, recipient lists, chat channels, escrow re-checks,
// linked orders, reconciliation) is subscribed in one place, `followDomainEvents`.
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import { LiveHub } from '../live/hub.ts';
import { MostroEngine } from './engine.ts';
import { NodeMessenger, type ReplyTimeout } from './node-messenger.ts';
import { HandOffRelay, HAND_OFF_POLL_MS } from './hand-off-relay.ts';
import { applyTookDispute } from './actions/take-dispute.ts';
import { holderOfTake } from '../case-notes/operator-takeover.ts';
import { applyDecisionReply } from './actions/decide.ts';
import { applyPartiesClosedNotice } from './actions/parties-closed.ts';
import { expireOrphanedRequests, reconcileOpenActions } from './reconcile.ts';
import { DisputeChat } from './dispute-chat/dispute-chat.ts';
import { AssistantInbox } from './assistant-inbox.ts';
import { forgetOutsideHolder } from '../cases/assistant-holder.ts';
import type { Config } from '../config.ts';
import { log } from '../log.ts';
import type { EscrowContext } from '../lightning/escrow.ts';
import { DomainEventBus } from '../domain-events/bus.ts';
import { followDomainEvents } from './event-subscribers.ts';
import { AttachmentArchive } from '../archive/attachment-archive.ts';
import { createDiskBlobStore, createMemoryBlobStore } from '../archive/blob-store.ts';
import { createDatabaseBlobStore } from '../archive/database-blob-store.ts';
import { queueUnarchivedAttachments } from '../archive/archive-backfill.ts';
import type { BlobPolicy } from './dispute-chat/blob-fetch.ts';
import { WebhookDispatcher, type WebhookOptions } from '../webhooks/webhook-dispatcher.ts';
import { NO_WEBHOOK_HOSTS } from '../webhooks/webhook-address.ts';
import { Notifier } from '../notifications/notifier.ts';
import { RelayDmTransport, type DmTransport } from '../notifications/dm-transport.ts';
import { ensureNotifierKey } from '../vault/notifier-key.ts';
import { LauncherNodeKey } from '../vault/launcher-node-key.ts';

export interface MostroServices {
	db: Db;
	sealer: Sealer;
	/** Domain events of committed transactions; subscribers are wired in `followDomainEvents`. */
	events: DomainEventBus;
	live: LiveHub;
	engine: MostroEngine;
	messenger: NodeMessenger;
	/** The leader's publishing of requests other replicas handed over through the journal (issue 20). */
	handOff: HandOffRelay;
	chat: DisputeChat;
	/** The node's assistant solver writing to our solver keys (UPSTREAM-0.19.md §8). */
	assistant: AssistantInbox;
	/** Escrow verification against the node's LND (optional; nothing happens without it). */
	escrow: EscrowContext;
	/** Sealed copies of every attachment blob seen (issue 15). */
	archive: AttachmentArchive;
	/** Webhook deliveries queued from domain events (issue 19). */
	webhooks: WebhookDispatcher;
	/** Direct-message notifications to users (issue 19). */
	notifier: Notifier;
	/** The node key a launcher running the node itself handed over in memory (none otherwise). */
	launcherNodeKey: LauncherNodeKey;
}

export interface MostroServicesOptions {
	replyTimeoutMs?: ReplyTimeout;
	crashPoint?: Config['testCrashPoint'];
	/** Where the attachment archive lives (`<dataDir>/attachments`); without one it is kept in memory. */
	dataDir?: string | null;
	/** Keep the archive's sealed blobs in the database (PostgreSQL: replicas share no data directory); overrides `dataDir`. */
	archiveInDatabase?: boolean;
	/** Whether this replica leads the engine now (default: always, as on SQLite); a follower hands its requests to the leader. */
	leads?: () => boolean;
	/** How often the leader looks for handed-off requests; null: never on its own (tests drive it). */
	handOffIntervalMs?: number | null;
	/** How long a follower's request waits for a leader to claim it before it is withdrawn (tests shorten it). */
	handOffClaimWaitMs?: number;
	/** The hosts attachments may be fetched from in the background; none without one. */
	blobPolicy?: BlobPolicy;
	/** Where webhooks may go, the case-link origin and (tests) a clock and TLS trust; none allowed without one. */
	webhooks?: WebhookOptions;
	/** Notifications: the public URL for links, a clock and a transport (tests). */
	notifications?: { publicUrl?: string | null; now?: () => number; transport?: DmTransport };
}

export function createMostroServices(db: Db, sealer: Sealer, options: MostroServicesOptions = {}): MostroServices {
	const events = new DomainEventBus();
	const live = new LiveHub();
	const engine = new MostroEngine(db, live);
	const leads = options.leads ?? (() => true);
	const messenger = new NodeMessenger(db, engine, sealer, events, { ...options, leads });
	const handOff = new HandOffRelay({ db, sealer, engine, messenger, events, leads }, options.handOffIntervalMs === undefined ? HAND_OFF_POLL_MS : options.handOffIntervalMs);
	const escrow: EscrowContext = { db, sealer, events, failures: new Map() };
	const store = options.archiveInDatabase ? createDatabaseBlobStore(db, sealer) : options.dataDir ? createDiskBlobStore(options.dataDir, sealer) : createMemoryBlobStore(sealer);
	const archive = new AttachmentArchive(db, store, options.blobPolicy ?? { allowedHosts: [], allowLoopback: false });
	const launcherNodeKey = new LauncherNodeKey();
	const chat = new DisputeChat({ db, sealer, engine, events, archive, launcherNodeKey }, undefined, leads);
	const assistant = new AssistantInbox({ db, sealer, engine, live, events });
	const transport = options.notifications?.transport ?? new RelayDmTransport(() => engine.health().relays.map((relay) => relay.url));
	const notifier = new Notifier({ db, sealer, transport, publicUrl: options.notifications?.publicUrl ?? null, now: options.notifications?.now });
	const webhooks = new WebhookDispatcher(db, sealer, options.webhooks ?? { policy: NO_WEBHOOK_HOSTS, origin: null });
	const services: MostroServices = { db, sealer, events, live, engine, messenger, handOff, chat, assistant, escrow, archive, webhooks, notifier, launcherNodeKey };

	messenger.onReply('admin-take-dispute', async (tx, entry, reply, emit) => {
		const displaced = await applyTookDispute(services, tx, entry, reply, emit);
		if (!entry.dispute_id) return;
		// A console user holds it now: an outside holder (the assistant) no longer does.
		await forgetOutsideHolder(tx, entry.dispute_id);
		emit({ type: 'DisputeTaken', disputeId: entry.dispute_id, holderUserId: holderOfTake(entry), displacedUserId: displaced });
		if (displaced !== null) emit({ type: 'NoticeForUser', userId: displaced, disputeId: entry.dispute_id });
	});
	for (const action of ['admin-settle', 'admin-cancel'] as const) {
		messenger.onReply(action, async (tx, entry, reply, emit) => {
			await applyDecisionReply(tx, entry, reply);
			if (entry.dispute_id) emit({ type: 'DecisionAcknowledged', disputeId: entry.dispute_id, action });
		});
	}
	messenger.onNotice((message, recipient) => applyPartiesClosedNotice(db, events, message, recipient).then(() => undefined));
	// The intake has stored the revision (its own transaction) when it calls this.
	engine.onDisputeRevision((disputeId) => events.deliver([{ type: 'DisputeRevised', disputeId }]));
	followDomainEvents(services);
	return services;
}

/** Starts following the node and listening for replies; reconciles what a restart left open. */
export async function startMostroServices(services: MostroServices, connection: Parameters<MostroEngine['start']>[0]): Promise<void> {
	await services.engine.start(connection);
	await services.messenger.refreshRecipients();
	await services.chat.refresh();
	await services.assistant.refresh();
	await reconcileOpenActions(services, null);
	// A new term as leader: rows an earlier term (here or on a replica that died) claimed are taken over.
	services.handOff.newTerm();
	services.handOff.start();
	await ensureNotifierKey(services.db, services.sealer);
	if (services.notifier.transport instanceof RelayDmTransport) services.notifier.transport.warm();
	// Files a previous run stored the message of but never fetched (the archive queue is in memory).
	void queueUnarchivedAttachments(services.db, services.archive).catch((error: unknown) => log.warn('could not queue attachments for the archive', { error: error instanceof Error ? error.message : String(error) }));
	// Requests a previous run left without an answer get one reply time-out to be answered late.
	const timeout = services.messenger.timeoutMs;
	setTimeout(() => void expireOrphanedRequests(services, timeout).catch(() => undefined), timeout).unref();
}
