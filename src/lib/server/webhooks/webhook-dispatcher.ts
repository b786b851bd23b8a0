// Turns committed domain events into queued webhook deliveries and works the queue (issue 19
// "Webhooks"): each enabled endpoint that chose the event gets one durable delivery row; a tick
// queues escrow-deadline alerts, then sends what is due, signing each attempt afresh, retrying
// with exponential back-off up to MAX_ATTEMPTS and logging every attempt (kept LOG_KEEP_MS).
// The clock is injected and ticks never overlap. Every replica runs one (deliveries are queued
// where the domain event fired); each attempt is claimed in the database first, so two
// dispatchers never post the same delivery twice. Must never run inside a command's transaction,
// and never logs a body or secret.
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import type { DomainEvent } from '../domain-events/events.ts';
import { getDispute, listEscrowDeadlinesBefore } from '../cases/dispute-store.ts';
import { log } from '../log.ts';
import { WEBHOOK_TEST_EVENT, escrowDeadlineFacts, webhookFactOf, type WebhookFact } from './webhook-events.ts';
import { listWebhookEndpoints, openWebhookSecret, getWebhookEndpoint } from './webhook-endpoints.ts';
import { CLAIM_HOLD_MS, claimDelivery, enqueueDelivery, listDueDeliveries, pruneFinishedDeliveries, recordAttempt, getDelivery, type QueuedDelivery } from './webhook-queue.ts';
import { buildTestBody, buildWebhookBody } from './webhook-body.ts';
import { parseWebhookUrl, type WebhookPolicy } from './webhook-address.ts';
import { postWebhook, type PostOutcome, type WebhookTransport } from './webhook-post.ts';
import { SIGNATURE_HEADER, signWebhookBody } from './webhook-signature.ts';
import { isRefusal } from '../errors.ts';

export interface WebhookOptions {
	policy: WebhookPolicy;
	/** The console's public origin, for the case link (null: a path only). */
	origin: string | null;
	transport?: WebhookTransport;
	/** Epoch ms (tests inject one). */
	clock?: () => number;
}

const SIX_HOURS_MS = 6 * 3_600_000;

export class WebhookDispatcher {
	readonly #db: Db;
	readonly #sealer: Sealer;
	readonly #options: WebhookOptions;
	readonly #clock: () => number;
	#chain: Promise<unknown> = Promise.resolve();
	#timer: ReturnType<typeof setInterval> | null = null;

	constructor(db: Db, sealer: Sealer, options: WebhookOptions) {
		this.#db = db;
		this.#sealer = sealer;
		this.#options = options;
		this.#clock = options.clock ?? Date.now;
	}

	get policy(): WebhookPolicy {
		return this.#options.policy;
	}

	/**
	 * The domain-event subscriber: queues the fact for every endpoint that wants it and starts a
	 * tick without waiting for it, so a slow receiver never holds up those waiting for the bus.
	 */
	async follow(event: DomainEvent): Promise<void> {
		const status = event.type === 'DisputeRevised' ? ((await getDispute(this.#db, event.disputeId))?.status ?? null) : null;
		const fact = webhookFactOf(event, status);
		if (fact && (await this.#queueFact(fact)) > 0) void this.tick().catch((error: unknown) => this.#warnTick(error));
	}

	/** Resolves once no tick is running or queued (tests, shutdown). */
	async idle(): Promise<void> {
		let seen: Promise<unknown>;
		do {
			seen = this.#chain;
			await seen;
		} while (seen !== this.#chain);
	}

	/** Queues a "send test" delivery for one endpoint (enabled or not); null when it is gone. */
	async queueTest(endpointId: number): Promise<number | null> {
		if (!(await getWebhookEndpoint(this.#db, endpointId))) return null;
		const now = this.#clock();
		// Held for the `deliverNow` that follows, so no other replica's tick sends it first.
		return enqueueDelivery(this.#db, { endpointId, event: WEBHOOK_TEST_EVENT, dedupeKey: null, body: JSON.stringify(buildTestBody(this.#options.origin, now)), dueAt: now + CLAIM_HOLD_MS }, now);
	}

	/** Sends one queued delivery at once (the "send test" button); returns its outcome. */
	async deliverNow(deliveryId: number): Promise<PostOutcome | null> {
		return this.#serial(async () => {
			const delivery = await getDelivery(this.#db, deliveryId);
			return delivery && (await claimDelivery(this.#db, delivery, this.#clock())) ? this.#attempt(delivery, true) : null;
		});
	}

	/** Queues due escrow alerts and sends every due delivery; resolves when done. */
	tick(): Promise<number> {
		return this.#serial(async () => {
			await this.#queueDeadlines();
			const due = await listDueDeliveries(this.#db, this.#clock());
			let sent = 0;
			for (const delivery of due) {
				// Another replica's dispatcher may have taken it since it was read.
				if (!(await claimDelivery(this.#db, delivery, this.#clock()))) continue;
				await this.#attempt(delivery, false);
				sent++;
			}
			await pruneFinishedDeliveries(this.#db, this.#clock());
			return sent;
		});
	}

	start(intervalMs = 15_000): void {
		if (this.#timer) return;
		this.#timer = setInterval(() => void this.tick().catch((error: unknown) => this.#warnTick(error)), intervalMs);
		this.#timer.unref();
	}

	async stop(): Promise<void> {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		await this.idle();
	}

	#warnTick(error: unknown): void {
		log.warn('webhook tick failed', { error: error instanceof Error ? error.message : String(error) });
	}

	#serial<T>(work: () => Promise<T>): Promise<T> {
		const next = this.#chain.then(work, work);
		this.#chain = next.catch(() => undefined);
		return next;
	}

	async #queueFact(fact: WebhookFact): Promise<number> {
		const endpoints = (await listWebhookEndpoints(this.#db)).filter((endpoint) => endpoint.enabled && endpoint.events.includes(fact.event));
		if (endpoints.length === 0) return 0;
		const now = this.#clock();
		const body = JSON.stringify(await buildWebhookBody(this.#db, fact, this.#options.origin, now));
		let queued = 0;
		for (const endpoint of endpoints) {
			if ((await enqueueDelivery(this.#db, { endpointId: endpoint.id, event: fact.event, dedupeKey: fact.dedupeKey, body }, now)) !== null) queued++;
		}
		return queued;
	}

	async #queueDeadlines(): Promise<void> {
		const now = this.#clock();
		const wanted = (await listWebhookEndpoints(this.#db)).some((e) => e.enabled && (e.events.includes('escrow.deadline_6h') || e.events.includes('escrow.deadline_1h')));
		if (!wanted) return;
		for (const { id, escrowDeadline } of await listEscrowDeadlinesBefore(this.#db, now + SIX_HOURS_MS)) {
			for (const fact of escrowDeadlineFacts(id, escrowDeadline, now)) await this.#queueFact(fact);
		}
	}

	async #attempt(delivery: QueuedDelivery, evenIfDisabled: boolean): Promise<PostOutcome> {
		const endpoint = await getWebhookEndpoint(this.#db, delivery.endpointId);
		const now = this.#clock();
		let outcome: PostOutcome;
		if (!endpoint || (!endpoint.enabled && !evenIfDisabled)) {
			outcome = { status: null, latencyMs: 0, error: 'endpoint_disabled' };
		} else {
			outcome = await this.#post(endpoint.url, delivery, now);
		}
		// A "send test" is one shot: its answer is shown at once, nothing retries it.
		const state = await recordAttempt(this.#db, delivery, outcome, this.#clock(), delivery.event !== WEBHOOK_TEST_EVENT);
		if (state === 'failed') log.warn('a webhook delivery gave up', { delivery: delivery.id, endpoint: delivery.endpointId, error: outcome.error });
		return outcome;
	}

	async #post(rawUrl: string, delivery: QueuedDelivery, now: number): Promise<PostOutcome> {
		let url: URL;
		try {
			// The allow-list may have changed since the endpoint was saved.
			url = parseWebhookUrl(rawUrl, this.#options.policy);
		} catch (error) {
			if (isRefusal(error)) return { status: null, latencyMs: 0, error: 'url_refused' };
			throw error;
		}
		const secret = await openWebhookSecret(this.#db, this.#sealer, delivery.endpointId);
		if (secret === null) return { status: null, latencyMs: 0, error: 'endpoint_disabled' };
		const headers = {
			[SIGNATURE_HEADER]: signWebhookBody(secret, Math.floor(now / 1000), delivery.body),
			'X-Mediator-Event': delivery.event,
			'X-Mediator-Delivery': String(delivery.id)
		};
		return postWebhook(url, delivery.body, headers, this.#options.policy, this.#options.transport);
	}
}
