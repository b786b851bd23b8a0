// The durable webhook delivery queue and its log (issue 19 "Webhooks"): the one module that
// reads and writes `webhook_deliveries` and `webhook_attempts`. A delivery's body is fixed when it
// is queued, so a restart or a retry sends the same body (with a fresh signature). Never stores
// a secret; bodies hold only ids, amounts, status and a link. Several dispatchers (one per replica)
// may work one queue: each attempt is claimed first with a conditional update (`claimDelivery`),
// so exactly one of them posts it.
import type { Db, Tx } from '../db/index.ts';

/** Bounded attempts; the wait doubles after each failure (30 s, 1 min, 2 min, 4 min, 8 min). */
export const MAX_ATTEMPTS = 6;
export const FIRST_RETRY_MS = 30_000;

export function retryDelayMs(attemptsMade: number): number {
	return FIRST_RETRY_MS * 2 ** Math.max(0, attemptsMade - 1);
}

export interface QueuedDelivery {
	id: number;
	endpointId: number;
	event: string;
	body: string;
	attempts: number;
	/** When it was due as read; the claim only succeeds while the row still says so. */
	nextAttemptAt: number;
}

/**
 * How long a claimed attempt holds its delivery (longer than a post may take): a dispatcher that
 * died while posting leaves the delivery due again after this, never lost.
 */
export const CLAIM_HOLD_MS = 120_000;

export interface DeliveryLogRow {
	deliveryId: number;
	endpointId: number;
	event: string;
	state: 'pending' | 'delivered' | 'failed';
	attempt: number;
	at: number;
	status: number | null;
	latencyMs: number;
	error: string | null;
}

/** Queues one body for one endpoint; false when its dedupe key was queued for it already. */
export async function enqueueDelivery(db: Db | Tx, input: { endpointId: number; event: string; dedupeKey: string | null; body: string; dueAt?: number }, now: number): Promise<number | null> {
	const row = await db
		.insertInto('webhook_deliveries')
		.values({ endpoint_id: input.endpointId, event: input.event, dedupe_key: input.dedupeKey, body: input.body, state: 'pending', next_attempt_at: input.dueAt ?? now, created_at: now })
		.onConflict((oc) => oc.columns(['endpoint_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
		.returning('id')
		.executeTakeFirst();
	return row?.id ?? null;
}

export async function listDueDeliveries(db: Db, now: number, limit = 20): Promise<QueuedDelivery[]> {
	const rows = await db
		.selectFrom('webhook_deliveries')
		.select(['id', 'endpoint_id', 'event', 'body', 'attempts', 'next_attempt_at'])
		.where('state', '=', 'pending')
		.where('next_attempt_at', '<=', now)
		.orderBy('next_attempt_at')
		.orderBy('id')
		.limit(limit)
		.execute();
	return rows.map(deliveryOf);
}

function deliveryOf(row: { id: number; endpoint_id: number; event: string; body: string; attempts: number; next_attempt_at: number }): QueuedDelivery {
	return { id: Number(row.id), endpointId: Number(row.endpoint_id), event: row.event, body: row.body, attempts: row.attempts, nextAttemptAt: Number(row.next_attempt_at) };
}

export async function getDelivery(db: Db, id: number): Promise<QueuedDelivery | null> {
	const row = await db.selectFrom('webhook_deliveries').select(['id', 'endpoint_id', 'event', 'body', 'attempts', 'next_attempt_at']).where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
	return row ? deliveryOf(row) : null;
}

/**
 * Takes the next attempt of `delivery` for this dispatcher: true for exactly one of several
 * dispatchers that read the same row (the update only matches while the row is as read). The
 * claimed delivery is held for CLAIM_HOLD_MS; `recordAttempt` then moves it on.
 */
export async function claimDelivery(db: Db, delivery: QueuedDelivery, now: number): Promise<boolean> {
	const result = await db
		.updateTable('webhook_deliveries')
		.set({ next_attempt_at: now + CLAIM_HOLD_MS })
		.where('id', '=', delivery.id)
		.where('state', '=', 'pending')
		.where('attempts', '=', delivery.attempts)
		.where('next_attempt_at', '=', delivery.nextAttemptAt)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** Logs one attempt and moves the delivery on: delivered, retried later, or given up (at once when `retry` is false). */
export async function recordAttempt(db: Db, delivery: QueuedDelivery, outcome: { status: number | null; latencyMs: number; error: string | null }, now: number, retry = true): Promise<'delivered' | 'pending' | 'failed'> {
	const attempt = delivery.attempts + 1;
	const state = outcome.error === null ? 'delivered' : !retry || attempt >= MAX_ATTEMPTS ? 'failed' : 'pending';
	await db.transaction().execute(async (tx) => {
		await tx.insertInto('webhook_attempts').values({ delivery_id: delivery.id, attempt, at: now, status: outcome.status, latency_ms: outcome.latencyMs, error: outcome.error }).execute();
		await tx
			.updateTable('webhook_deliveries')
			.set({ attempts: attempt, state, next_attempt_at: state === 'pending' ? now + retryDelayMs(attempt) : now, finished_at: state === 'pending' ? null : now })
			.where('id', '=', delivery.id)
			.execute();
	});
	return state;
}

/** The newest attempts, newest first, for the Settings delivery log. */
export async function listDeliveryLog(db: Db, limit = 50): Promise<DeliveryLogRow[]> {
	const rows = await db
		.selectFrom('webhook_attempts')
		.innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
		.select([
			'webhook_attempts.delivery_id',
			'webhook_deliveries.endpoint_id',
			'webhook_deliveries.event',
			'webhook_deliveries.state',
			'webhook_attempts.attempt',
			'webhook_attempts.at',
			'webhook_attempts.status',
			'webhook_attempts.latency_ms',
			'webhook_attempts.error'
		])
		.orderBy('webhook_attempts.id', 'desc')
		.limit(limit)
		.execute();
	return rows.map((row) => ({
		deliveryId: row.delivery_id,
		endpointId: row.endpoint_id,
		event: row.event,
		state: row.state,
		attempt: row.attempt,
		at: row.at,
		status: row.status,
		latencyMs: row.latency_ms,
		error: row.error
	}));
}

export async function countPendingDeliveries(db: Db): Promise<number> {
	const row = await db
		.selectFrom('webhook_deliveries')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('state', '=', 'pending')
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** How long delivered and given-up deliveries (and their attempts) stay in the log. */
export const LOG_KEEP_MS = 30 * 86_400_000;

/** Drops finished deliveries older than the log keeps; their attempts go with them. */
export async function pruneFinishedDeliveries(db: Db, now: number): Promise<void> {
	await db
		.deleteFrom('webhook_deliveries')
		.where('state', 'in', ['delivered', 'failed'])
		.where('next_attempt_at', '<', now - LOG_KEEP_MS)
		.execute();
}
