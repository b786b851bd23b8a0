// The one path for every message to the node (issue "outgoing actions"): build (caller) →
// sign with the acting key → proof of work as the instance info requires → journal row +
// audit entry in one transaction → publish to every relay with receipts → wait for the
// reply correlated by request_id, or time out as "no answer". Replies arriving later (or
// after a restart) still settle their journal row. Messages with `request_id: null` (the
// node's unsolicited notices, UPSTREAM-0.19.md §6) go to the notice handler and never settle a
// request. Never logs or keeps a secret key beyond
// the wait it is needed for. A replica that does not lead the engine hands the request to the
// leader through the journal instead (follower-send.ts); the leader publishes such rows through
// `deliverHandedOff` (hand-off-relay.ts), the same way as its own.
import type { Db, Tx } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import type { MostroEngine } from './engine.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { log } from '../log.ts';
import { SeenIds } from '../relays/seen-ids.ts';
import { NOT_CONNECTED, type PublishReceipt } from '../relays/relay-connection.ts';
import { getInstanceInfo } from './instance-info-repository.ts';
import { sendThroughLeader } from './follower-send.ts';
import { markHandedOffSent, replaceOutgoingEvent, storeReply } from './journal-hand-off.ts';
import { getJournalEntry, insertJournalEntry, newRequestId, recordReceipts, reopenJournalEntry, resendCount, setJournalEvent, settleJournalEntry, type JournalRow } from './action-journal.ts';
import { listSolverPubkeys, openSolverSecret, findSolverByPubkey } from '../vault/solver-keys.ts';
import { prepareWrapV1, unwrapV1, KIND_GIFT_WRAP, TIMESTAMP_BLUR_SECS } from '../../protocol/transport-v1.ts';
import { prepareWrapV2, unwrapV2, KIND_V2_MESSAGE } from '../../protocol/transport-v2.ts';
import { escalatedPow, mayEscalatePow, mineFreshAsync, requiredPow } from '../../protocol/pow.ts';
import { minePowOffThread } from './pow-worker.ts';
import { readCantDoReason } from '../../protocol/actions/party.ts';
import { forTransport, type Message } from '../../protocol/message.ts';
import type { NostrEvent } from '../../protocol/event.ts';
import type { InstanceInfo } from '../../protocol/events/instance-info.ts';
import type { DomainEventBus } from '../domain-events/bus.ts';
import type { Emit } from '../domain-events/events.ts';
import { inTransaction } from '../domain-events/in-transaction.ts';
import { systemActor, type Actor } from '../auth/actor.ts';
import type { CrashPoint } from '../test-crash-point.ts';

/** How long a request waits for any relay to be reachable, and how often it tries. */
const UNSENT_WAIT_MS = 60_000;
const UNSENT_RETRY_MS = 2_000;

/** Mining budget of one stamp-and-mine round; well inside the daemon's 10 s freshness window. */
const MINE_ROUND_MS = 5_000;

export type SendOutcome = { state: 'acknowledged'; reply: Message } | { state: 'refused'; reason: string } | { state: 'no-answer'; receipts: PublishReceipt[]; transport: 1 | 2 };

/**
 * Applies an action's effects for a reply (inside the transaction that settles the journal);
 * what it `emit`s is delivered after that transaction commits.
 */
export type ReplyHandler = (tx: Tx, entry: JournalRow, reply: Message, emit: Emit) => Promise<void>;

/** Handles a message from the node that answers no request (`request_id: null`). */
export type NoticeHandler = (notice: Message, recipient: string) => Promise<void>;

export interface SendRequest {
	action: string;
	message: Message;
	requestId: number;
	signer: { pubkey: string; secret: Uint8Array };
	disputeId?: string | null;
	orderId?: string | null;
	actor: Actor;
	details?: Record<string, unknown>;
	timeoutMs?: number;
}

/** Crash-safety tests only (MEDIATOR_TEST_CRASH_POINT). */
export type { CrashPoint } from '../test-crash-point.ts';

/** What a handed-off row needs from the publishing: the event it carries, and the move to sent once it left. */
interface HandOffHooks {
	/** Publish this very event on every attempt (it may have left through an earlier leader). */
	keepEvent: boolean;
	left(): Promise<void>;
}

interface Waiter {
	signerPubkey: string;
	transport: 1 | 2;
	signerSecret: Uint8Array;
	resolve(outcome: SendOutcome): void;
}

const REPLY_LOOKBACK_SECONDS = 600;

/** The daemon's answers to a settle or cancel of an order no longer in dispute (MOSTROD.md §5.1, §9.4). */
export const CLOSED_ORDER_REFUSALS: readonly string[] = ['invalid_order_status', 'not_allowed_by_status'];

/**
 * How long to wait for a reply before "no answer": a fixed number of milliseconds, or a
 * function read at each send (tests shorten the wait while the node double is silent).
 */
export type ReplyTimeout = number | (() => number);

export class NodeMessenger {
	readonly #db: Db;
	readonly #engine: MostroEngine;
	readonly #sealer: Sealer;
	readonly #events: DomainEventBus;
	readonly #timeout: ReplyTimeout;
	readonly #handlers = new Map<string, ReplyHandler>();
	#noticeHandler: NoticeHandler | null = null;
	readonly #waiters = new Map<number, Waiter>();
	/** Requests being sent again now (resend), so two callers never send one twice. */
	readonly #resending = new Set<number>();
	readonly #seen = new SeenIds(50_000);
	/** Our own requests: the node key writing to itself (add-solver) matches the reply filter. */
	readonly #sent = new SeenIds(10_000);
	#recipients: string[] = [];

	readonly #crashPoint: CrashPoint | null;
	readonly #leads: () => boolean;
	readonly #claimWaitMs: number | undefined;

	constructor(db: Db, engine: MostroEngine, sealer: Sealer, events: DomainEventBus, options: { replyTimeoutMs?: ReplyTimeout; crashPoint?: CrashPoint | null; leads?: () => boolean; handOffClaimWaitMs?: number } = {}) {
		this.#db = db;
		this.#engine = engine;
		this.#sealer = sealer;
		this.#events = events;
		this.#timeout = options.replyTimeoutMs ?? 15_000;
		this.#crashPoint = options.crashPoint ?? null;
		this.#leads = options.leads ?? (() => true);
		this.#claimWaitMs = options.handOffClaimWaitMs;
	}

	/** Crash-safety tests: die the way a killed process does, at the configured point. */
	#crashIf(point: CrashPoint['point'], action: string): void {
		const crash = this.#crashPoint;
		if (crash && crash.point === point && (crash.action === null || crash.action === action)) process.kill(process.pid, 'SIGKILL');
	}

	get timeoutMs(): number {
		return typeof this.#timeout === 'number' ? this.#timeout : this.#timeout();
	}

	/** Registers what an acknowledged reply to `action` changes (take stores the info, …). */
	onNotice(handler: NoticeHandler): void {
		this.#noticeHandler = handler;
	}

	onReply(action: string, handler: ReplyHandler): void {
		this.#handlers.set(action, handler);
	}

	/** (Re)subscribes to replies for every solver key and any key waiting for an answer. */
	async refreshRecipients(): Promise<void> {
		const waiting = [...this.#waiters.values()].map((waiter) => waiter.signerPubkey);
		this.#recipients = [...new Set([...(await listSolverPubkeys(this.#db)), ...waiting])];
		const recipients = this.#recipients;
		this.#engine.watch('replies', {
			filters: (_relay, node) => {
				if (recipients.length === 0) return [];
				const now = Math.floor(Date.now() / 1000);
				return [
					{ kinds: [KIND_GIFT_WRAP], '#p': recipients, since: now - TIMESTAMP_BLUR_SECS - REPLY_LOOKBACK_SECONDS },
					{ kinds: [KIND_V2_MESSAGE], authors: [node], '#p': recipients, since: now - REPLY_LOOKBACK_SECONDS }
				];
			},
			handler: (event) => void this.#receive(event)
		});
	}

	async send(request: SendRequest): Promise<SendOutcome> {
		// Not the leader: no relay connection here; the leader publishes it from the journal.
		if (!this.#leads()) return sendThroughLeader(this.#db, request, { replyTimeoutMs: this.timeoutMs, unsentWaitMs: UNSENT_WAIT_MS, claimWaitMs: this.#claimWaitMs });
		const node = this.#engine.nodePubkey;
		if (!node) throw new Refusal('conflict', 'actions.error.no_node');
		const info = await getInstanceInfo(this.#db, node);
		if (!info) throw new Refusal('conflict', 'actions.error.no_instance_info');
		const bits = requiredPow(info);
		const first = await this.#sendOnce(request, info, bits);
		if (first.state !== 'no-answer' || !mayEscalatePow(info)) return first;
		// The node did not say what first contact costs and stayed silent: retry once, as a new
		// request (a new event and request id), with more proof of work.
		const requestId = newRequestId();
		const retry: SendRequest = {
			...request,
			requestId,
			message: { ...request.message, kind: { ...request.message.kind, request_id: requestId } },
			details: { ...request.details, retryOf: request.requestId }
		};
		return this.#sendOnce(retry, info, escalatedPow(bits));
	}

	/** A handed-off request signed and mined by the leader (hand-off-relay.ts), before it claims the row with it. */
	stamp(request: SendRequest, info: InstanceInfo, powBits: number): Promise<NostrEvent> {
		return this.#stamp(request, info, powBits);
	}

	/**
	 * Publishes a handed-off row `term` claimed with `event` and waits for the reply like a send of
	 * our own; the row moves from queued to sent (with its audit entry) once the event left. An
	 * event taken over from an earlier leader is never re-stamped: that leader may have sent it.
	 */
	deliverHandedOff(request: SendRequest, info: InstanceInfo, powBits: number, event: NostrEvent, term: string, takenOver: boolean): Promise<SendOutcome> {
		const left = async () => {
			await this.#db.transaction().execute(async (tx) => {
				// The reply may have settled the row already (it can be faster than this update).
				await markHandedOffSent(tx, request.requestId, term, Date.now());
				await appendAudit(tx, request.actor, {
					action: `${request.action}.relayed`,
					subject: request.disputeId ? `dispute:${request.disputeId}` : request.orderId ? `order:${request.orderId}` : null,
					details: { requestId: request.requestId, transport: info.protocolVersion, pow: powBits, takenOver }
				});
			});
		};
		return this.#deliver(request, info, powBits, event, { left, keepEvent: takenOver });
	}

	/** The request signed, wrapped for the node and mined as the instance info requires, stamped now. */
	#stamp(request: SendRequest, info: InstanceInfo, powBits: number): Promise<NostrEvent> {
		const node = this.#engine.nodePubkey as string;
		// Each round mines within MINE_ROUND_MS and is stamped when it starts, so an event leaves
		// at most that old (the daemon drops anything older than 10 s); a slower round re-stamps.
		// Higher difficulties are searched in a worker thread so the server stays responsive.
		return mineFreshAsync(
			async (now) => {
				const pending =
					info.protocolVersion === 2
						? prepareWrapV2(forTransport(request.message, 2), { senderSecret: request.signer.secret, recipientPubkey: node, now })
						: prepareWrapV1(forTransport(request.message, 1), { tradeSecret: request.signer.secret, recipientPubkey: node, now });
				if (powBits <= 0) return pending.finish(pending.event);
				return pending.finish(await minePowOffThread(pending.event, powBits, MINE_ROUND_MS));
			},
			{ clockSecs: () => Math.floor(Date.now() / 1000), maxAgeSecs: MINE_ROUND_MS / 1000, maxRounds: 6 }
		);
	}

	/** Whether any relay connection is open now (without one, nothing can leave the console). */
	#reachable(): boolean {
		return this.#engine.health().relays.some((relay) => relay.status === 'connected');
	}

	/**
	 * Publishes the request's event; while no relay can even be reached (every receipt "not
	 * connected": the event never left the console), waits, then stamps it afresh and publishes it once one
	 * is back or UNSENT_WAIT_MS pass (regression, soak benchmark: a decision made while the relays
	 * were unreachable was journaled as "no answer" and never reached the node). An event some
	 * relay saw, or refused, is never re-sent. Resolves with the last attempt's receipts.
	 */
	async #publishUntilSent(first: NostrEvent, request: SendRequest, info: InstanceInfo, powBits: number, wait: { pause(): void; start(): void; attempted(neverLeft: boolean): void }, handOff: HandOffHooks | null): Promise<PublishReceipt[]> {
		const giveUpAt = Date.now() + UNSENT_WAIT_MS;
		let event = first;
		let held = false;
		for (;;) {
			if (this.#reachable() || Date.now() >= giveUpAt) {
				if (held && !handOff?.keepEvent) {
					event = await this.#stamp(request, info, powBits);
					this.#sent.add(event.id);
					await setJournalEvent(this.#db, request.requestId, event.id, Date.now());
					// The held event never left: a later leader must publish this one instead.
					if (handOff) await replaceOutgoingEvent(this.#db, request.requestId, event, Date.now());
				}
				const list = await this.#engine.publish(event);
				await recordReceipts(this.#db, request.requestId, list, Date.now());
				this.#crashIf('after-publish', request.action);
				const neverLeft = list.length > 0 && list.every((r) => !r.accepted && r.message === NOT_CONNECTED);
				wait.attempted(neverLeft);
				if (!neverLeft || Date.now() >= giveUpAt || !this.#waiters.has(request.requestId)) {
					// The wait for the answer counts from the event that left (or from giving up).
					if (held) wait.start();
					await handOff?.left();
					return list;
				}
			}
			held = true;
			wait.pause();
			await new Promise((resolve) => setTimeout(resolve, UNSENT_RETRY_MS));
			if (!this.#waiters.has(request.requestId)) return [];
		}
	}

	async #sendOnce(request: SendRequest, info: InstanceInfo, powBits: number): Promise<SendOutcome> {
		const event = await this.#stamp(request, info, powBits);
		const nowMs = Date.now();
		await this.#db.transaction().execute(async (tx) => {
			await insertJournalEntry(
				tx,
				{
					requestId: request.requestId,
					action: request.action,
					disputeId: request.disputeId ?? null,
					orderId: request.orderId ?? null,
					actorUserId: request.actor.userId,
					signerPubkey: request.signer.pubkey,
					eventId: event.id,
					details: request.details
				},
				nowMs
			);
			await appendAudit(tx, request.actor, {
				action: `${request.action}.sent`,
				subject: request.disputeId ? `dispute:${request.disputeId}` : request.orderId ? `order:${request.orderId}` : null,
				details: { requestId: request.requestId, transport: info.protocolVersion, pow: powBits, ...request.details },
				at: nowMs
			});
		});
		this.#crashIf('after-journal', request.action);
		return this.#deliver(request, info, powBits, event);
	}

	/**
	 * Sends an open journal row's request again under the same request id, stamped afresh (the
	 * node answers it like the first; a second settle of a closed order is refused by the daemon,
	 * MOSTROD.md §5.1): one that never left the console (a restart cut its wait for a relay), or
	 * one the node never answered (the daemon silently drops an event older than 10 s on arrival,
	 * MOSTROD.md §7.1). Resolves with null when the row had ended meanwhile; never adds a row.
	 */
	async resend(request: SendRequest, why: 'unsent' | 'unanswered'): Promise<SendOutcome | null> {
		if (this.#waiters.has(request.requestId) || this.#resending.has(request.requestId)) return null;
		this.#resending.add(request.requestId);
		try {
			return await this.#resendOnce(request, why);
		} finally {
			this.#resending.delete(request.requestId);
		}
	}

	async #resendOnce(request: SendRequest, why: 'unsent' | 'unanswered'): Promise<SendOutcome | null> {
		const node = this.#engine.nodePubkey;
		const info = node ? await getInstanceInfo(this.#db, node) : null;
		if (!info) return null;
		const bits = requiredPow(info);
		const event = await this.#stamp(request, info, bits);
		const reopened = await this.#db.transaction().execute(async (tx) => {
			const attempt = await reopenJournalEntry(tx, request.requestId, event.id, Date.now());
			if (attempt === null) return false;
			await appendAudit(tx, request.actor, {
				action: `${request.action}.resent`,
				subject: request.disputeId ? `dispute:${request.disputeId}` : null,
				details: { requestId: request.requestId, why, attempt, transport: info.protocolVersion, pow: bits }
			});
			return true;
		});
		return reopened ? this.#deliver(request, info, bits, event) : null;
	}

	/** Publishes a journaled request's event and waits for the reply (or "no answer"). */
	async #deliver(request: SendRequest, info: InstanceInfo, powBits: number, event: NostrEvent, handOff: HandOffHooks | null = null): Promise<SendOutcome> {
		const outcome = new Promise<SendOutcome>((resolve) => {
			this.#waiters.set(request.requestId, { signerPubkey: request.signer.pubkey, transport: info.protocolVersion, signerSecret: request.signer.secret, resolve });
		});
		if (!this.#recipients.includes(request.signer.pubkey)) await this.refreshRecipients();
		this.#sent.add(event.id);
		// Receipts are recorded as relays answer; a relay that never sends OK must not delay the reply.
		// The wait for the answer starts once the event left the console (or the retries gave up).
		let timer: ReturnType<typeof setTimeout> | undefined;
		// The wait ran out while the first attempt still waited for a connection: settled once its receipts say whether the event left.
		let overdue = false;
		let firstDone = false;
		const expire = () => void this.#timeOut(request.requestId, request.actor, receipts);
		const wait = {
			pause: () => clearTimeout(timer),
			start: () => {
				clearTimeout(timer);
				if (!this.#waiters.has(request.requestId)) return;
				timer = setTimeout(() => {
					if (!firstDone && !this.#reachable()) overdue = true;
					else expire();
				}, request.timeoutMs ?? this.timeoutMs);
			},
			attempted: (neverLeft: boolean) => {
				firstDone = true;
				// Nothing left: the retries take the wait over (and start it afresh once the event leaves).
				if (neverLeft) overdue = false;
				else if (overdue) expire();
			}
		};
		// Started first: the publishing pauses it while no relay is reachable.
		wait.start();
		const receipts: Promise<PublishReceipt[]> = this.#publishUntilSent(event, request, info, powBits, wait, handOff);
		try {
			return await outcome;
		} finally {
			clearTimeout(timer);
			this.#waiters.delete(request.requestId);
			// A key that is not a solver key (the node key) was watched only for this wait.
			if (!(await findSolverByPubkey(this.#db, request.signer.pubkey))) await this.refreshRecipients();
		}
	}

	async #timeOut(requestId: number, actor: Actor, pending: Promise<PublishReceipt[]>): Promise<void> {
		const waiter = this.#waiters.get(requestId);
		const receipts = await Promise.race([pending, new Promise<PublishReceipt[]>((resolve) => setTimeout(() => resolve([]), 2000))]);
		const entry = await getJournalEntry(this.#db, requestId);
		await this.#db.transaction().execute(async (tx) => {
			if (await settleJournalEntry(tx, requestId, 'no-answer', null, Date.now())) {
				await appendAudit(tx, actor, { action: `${entry?.action ?? 'action'}.no_answer`, subject: entry?.dispute_id ? `dispute:${entry.dispute_id}` : null, details: { requestId } });
			}
		});
		waiter?.resolve({ state: 'no-answer', receipts, transport: waiter.transport });
	}

	async #secretFor(recipient: string): Promise<{ secret: Uint8Array; wipe: boolean } | null> {
		for (const waiter of this.#waiters.values()) {
			if (waiter.signerPubkey === recipient) return { secret: waiter.signerSecret, wipe: false };
		}
		const solver = await findSolverByPubkey(this.#db, recipient);
		if (!solver) return null;
		const opened = await openSolverSecret(this.#db, this.#sealer, solver.user_id);
		return opened ? { secret: opened.secret, wipe: true } : null;
	}

	async #receive(input: unknown): Promise<void> {
		const node = this.#engine.nodePubkey;
		if (!node || typeof input !== 'object' || input === null) return;
		const candidate = input as { id?: unknown; kind?: unknown; tags?: unknown };
		if (typeof candidate.id !== 'string' || this.#seen.has(candidate.id) || this.#sent.has(candidate.id) || !Array.isArray(candidate.tags)) return;
		const recipient = (candidate.tags as unknown[]).find((tag): tag is string[] => Array.isArray(tag) && tag[0] === 'p' && this.#recipients.includes(String(tag[1])))?.[1];
		if (!recipient) return;
		const key = await this.#secretFor(recipient);
		if (!key) return;
		let message: Message;
		try {
			message = candidate.kind === KIND_GIFT_WRAP ? unwrapV1(input, key.secret, { expectedSender: node }).message : unwrapV2(input, key.secret, { expectedAuthor: node }).message;
		} catch {
			return;
		} finally {
			if (key.wipe) key.secret.fill(0);
		}
		this.#seen.add(candidate.id);
		const requestId = message.kind.request_id;
		if (requestId === null) {
			try {
				await this.#noticeHandler?.(message, recipient);
			} catch (error) {
				log.error('could not apply a notice from the node', { action: String(message.kind.action), error: error instanceof Error ? error.message : String(error) });
			}
			return;
		}
		await this.#settle(requestId, message);
	}

	/** True while a send is still waiting for this request's answer (not to be reconciled yet). */
	isWaiting(requestId: number): boolean {
		return this.#waiters.has(requestId);
	}

	async #settle(requestId: number, reply: Message): Promise<void> {
		const entry = await getJournalEntry(this.#db, requestId);
		const refused = reply.variant === 'cant-do' || reply.kind.action === 'cant-do';
		// A reconciled row still takes a late acknowledgement: it carries what the events cannot (the take's info).
		// A handed-off row may be answered before the leader marked it sent.
		const open = entry && (entry.state === 'queued' || entry.state === 'sent' || entry.state === 'no-answer' || (entry.state === 'reconciled' && !refused));
		if (!entry || !open) {
			this.#waiters.get(requestId)?.resolve(refused ? { state: 'refused', reason: String(readCantDoReason(reply) ?? 'unknown') } : { state: 'acknowledged', reply });
			return;
		}
		// An acknowledged entry keeps the action the node answered with (a settle may be answered
		// `cooperative-cancel-accepted`), a refused one the CantDo reason.
		const reason = refused ? String(readCantDoReason(reply) ?? 'unknown') : reply.kind.action;
		if (refused && resendCount(entry) > 0 && CLOSED_ORDER_REFUSALS.includes(reason)) {
			// A copy sent again found the order no longer in dispute: the first copy may have closed
			// it, its answer lost. Not a refusal of the decision: the public events settle the row.
			await this.#db.transaction().execute(async (tx) => {
				if (!(await settleJournalEntry(tx, requestId, 'no-answer', reason, Date.now()))) return;
				await appendAudit(tx, systemActor('node', entry.actor_user_id), { action: `${entry.action}.refused_again`, subject: entry.dispute_id ? `dispute:${entry.dispute_id}` : null, details: { requestId, reason } });
			});
			const waiter = this.#waiters.get(requestId);
			waiter?.resolve({ state: 'no-answer', receipts: [], transport: waiter.transport });
			return;
		}
		const handler = this.#handlers.get(entry.action);
		try {
			await inTransaction(this.#db, this.#events, async (tx, emit) => {
				if (!(await settleJournalEntry(tx, requestId, refused ? 'refused' : 'acknowledged', reason, Date.now()))) return;
				// The replica that handed the request over reads the answer from the row.
				if (entry.outgoing) await storeReply(tx, requestId, reply);
				if (!refused && handler) await handler(tx, entry, reply, emit);
				await appendAudit(tx, systemActor('node', entry.actor_user_id), {
					action: `${entry.action}.${refused ? 'refused' : 'acknowledged'}`,
					subject: entry.dispute_id ? `dispute:${entry.dispute_id}` : null,
					details: refused ? { requestId, reason, late: entry.state === 'no-answer' } : { requestId, reason: null, reply: reply.kind.action, late: entry.state === 'no-answer' }
				});
			});
		} catch (error) {
			log.error('could not apply a reply from the node', { requestId, error: error instanceof Error ? error.message : String(error) });
		}
		this.#waiters.get(requestId)?.resolve(refused ? { state: 'refused', reason } : { state: 'acknowledged', reply });
	}
}
