// The `notifications` table (issue 19): every notification meant for a user, what it was
// about, when, and where it went (relays that accepted it) or why not yet (quiet hours, no
// verified npub, a failure with its next try). Holds ids, kinds, facts and relay URLs only:
// never a message text, a chat text or a key. Rows are mapped to camelCase here. A due row is
// claimed (`claimNotification`) before it is sent, so replicas sharing the table send it once.
import type { Selectable } from 'kysely';
import type { Db } from '../db/index.ts';
import type { NotificationsTable } from '../db/schema.ts';
import type { NotificationKind } from './notification-kinds.ts';

export type NotificationState = NotificationsTable['state'];

/** What a message is built from: ids, amounts, status, minutes. Never free text. */
export interface NotificationFacts {
	amountSats?: number | null;
	status?: string | null;
	minutes?: number | null;
}

export interface NotificationRecord {
	id: number;
	kind: NotificationKind | 'npub_verification';
	userId: number;
	disputeId: string | null;
	facts: NotificationFacts;
	state: NotificationState;
	recipientPubkey: string | null;
	attempts: number;
	nextAttemptAt: number | null;
	lastError: string | null;
	deliveredRelays: string[];
	wrapEventId: string | null;
	createdAt: number;
	sentAt: number | null;
}

function parseFacts(text: string): NotificationFacts {
	try {
		const value: unknown = JSON.parse(text);
		if (typeof value !== 'object' || value === null) return {};
		const v = value as Record<string, unknown>;
		return {
			amountSats: typeof v.amountSats === 'number' ? v.amountSats : null,
			status: typeof v.status === 'string' ? v.status : null,
			minutes: typeof v.minutes === 'number' ? v.minutes : null
		};
	} catch {
		return {};
	}
}

function parseRelays(text: string): string[] {
	try {
		const value: unknown = JSON.parse(text);
		return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
	} catch {
		return [];
	}
}

function recordOf(row: Selectable<NotificationsTable>): NotificationRecord {
	return {
		id: row.id,
		kind: row.kind as NotificationRecord['kind'],
		userId: row.user_id,
		disputeId: row.dispute_id,
		facts: parseFacts(row.facts),
		state: row.state,
		recipientPubkey: row.recipient_pubkey,
		attempts: row.attempts,
		nextAttemptAt: row.next_attempt_at,
		lastError: row.last_error,
		deliveredRelays: parseRelays(row.delivered_relays),
		wrapEventId: row.wrap_event_id,
		createdAt: row.created_at,
		sentAt: row.sent_at
	};
}

export interface NewNotification {
	kind: NotificationRecord['kind'];
	userId: number;
	disputeId: string | null;
	dedupeKey: string;
	facts: NotificationFacts;
	state: 'pending' | 'quiet' | 'no_key';
	recipientPubkey: string | null;
	nextAttemptAt: number | null;
}

/** Records a notification once per (user, dedupe key); null when it was already recorded. */
export async function recordNotification(db: Db, n: NewNotification, now: number): Promise<number | null> {
	const row = await db
		.insertInto('notifications')
		.values({
			kind: n.kind,
			user_id: n.userId,
			dispute_id: n.disputeId,
			dedupe_key: n.dedupeKey,
			facts: JSON.stringify(n.facts),
			state: n.state,
			recipient_pubkey: n.recipientPubkey,
			next_attempt_at: n.nextAttemptAt,
			created_at: now
		})
		.onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
		// RETURNING, not insertId: PostgreSQL reports no insert id; a conflict returns no row on both.
		.returning('id')
		.executeTakeFirst();
	return row ? Number(row.id) : null;
}

/** Pending, failed and quiet notifications whose next try has come (oldest first). */
export async function listDueNotifications(db: Db, now: number, limit = 50): Promise<NotificationRecord[]> {
	const rows = await db.selectFrom('notifications').selectAll().where('state', 'in', ['pending', 'failed', 'quiet']).where('next_attempt_at', '<=', now).orderBy('next_attempt_at').orderBy('id').limit(limit).execute();
	return rows.map(recordOf);
}

/** How long a claimed notification is held by the replica sending it (a crashed sender's row is due again after it). */
export const NOTIFICATION_CLAIM_MS = 120_000;

/**
 * Takes one due notification for this replica: true for exactly one of several replicas that
 * read the same row (the update only matches while the row is as read), so a direct message is
 * never sent twice by two replicas.
 */
export async function claimNotification(db: Db, due: Pick<NotificationRecord, 'id' | 'state' | 'attempts' | 'nextAttemptAt'>, now: number): Promise<boolean> {
	if (due.nextAttemptAt === null) return false;
	const result = await db
		.updateTable('notifications')
		.set({ next_attempt_at: now + NOTIFICATION_CLAIM_MS })
		.where('id', '=', due.id)
		.where('state', '=', due.state)
		.where('attempts', '=', due.attempts)
		.where('next_attempt_at', '=', due.nextAttemptAt)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function markNotificationSent(db: Db, id: number, delivery: { relays: string[]; wrapEventId: string }, now: number): Promise<void> {
	await db
		.updateTable('notifications')
		.set((eb) => ({ state: 'sent', attempts: eb('attempts', '+', 1), delivered_relays: JSON.stringify(delivery.relays), wrap_event_id: delivery.wrapEventId, sent_at: now, next_attempt_at: null, last_error: null }))
		.where('id', '=', id)
		.execute();
}

/** A failed try: `nextAttemptAt` null gives up (the row stays failed and visible). */
export async function markNotificationFailed(db: Db, id: number, error: string, nextAttemptAt: number | null): Promise<void> {
	await db
		.updateTable('notifications')
		.set((eb) => ({ state: 'failed', attempts: eb('attempts', '+', 1), last_error: error.slice(0, 200), next_attempt_at: nextAttemptAt }))
		.where('id', '=', id)
		.execute();
}

/**
 * Keeps notifications of `dedupeKey` that were not sent yet (held for quiet hours, waiting,
 * or between retries) from ever being sent: their reason is gone. Returns how many.
 */
export async function dropUnsentNotifications(db: Db, dedupeKey: string, reason: string): Promise<number> {
	const changed = await db
		.updateTable('notifications')
		.set({ state: 'dropped', next_attempt_at: null, last_error: reason.slice(0, 200) })
		.where('dedupe_key', '=', dedupeKey)
		.where((eb) => eb.or([eb('state', 'in', ['pending', 'quiet']), eb.and([eb('state', '=', 'failed'), eb('next_attempt_at', 'is not', null)])]))
		.executeTakeFirst();
	return Number(changed.numUpdatedRows);
}

export async function deferNotification(db: Db, id: number, until: number): Promise<void> {
	await db.updateTable('notifications').set({ state: 'quiet', next_attempt_at: until }).where('id', '=', id).execute();
}

export async function listRecentNotifications(db: Db, limit = 100): Promise<Array<NotificationRecord & { userName: string }>> {
	const rows = await db.selectFrom('notifications').innerJoin('users', 'users.id', 'notifications.user_id').selectAll('notifications').select('users.name as user_name').orderBy('notifications.id', 'desc').limit(limit).execute();
	return rows.map((row) => ({ ...recordOf(row), userName: row.user_name }));
}

/** For the Settings health panel: failures waiting for a retry, those given up, the newest error. */
export async function notificationHealth(db: Db): Promise<{ retrying: number; givenUp: number; lastError: string | null; lastFailedAt: number | null }> {
	const rows = await db.selectFrom('notifications').select(['next_attempt_at', 'last_error', 'created_at']).where('state', '=', 'failed').orderBy('id', 'desc').execute();
	return {
		retrying: rows.filter((r) => r.next_attempt_at !== null).length,
		givenUp: rows.filter((r) => r.next_attempt_at === null).length,
		lastError: rows[0]?.last_error ?? null,
		lastFailedAt: rows[0]?.created_at ?? null
	};
}
