// The re-notification and escalation delays on Settings (issue 19): N minutes before a new
// dispute nobody took is announced again, M before it is escalated to operators, K before a
// waiting party reminds the holder. Stored in `settings`; changing them is audited.
import type { Db } from '../db/index.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { DEFAULT_NOTIFICATION_TIMINGS, type NotificationTimings } from './notification-kinds.ts';

const KEYS: Record<keyof NotificationTimings, string> = {
	renotifyAfterMin: 'notify_renotify_min',
	escalateAfterMin: 'notify_escalate_min',
	partyWaitingAfterMin: 'notify_party_waiting_min'
};

const MAX_MINUTES = 7 * 24 * 60;

export async function getNotificationTimings(db: Db): Promise<NotificationTimings> {
	const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', Object.values(KEYS)).execute();
	const stored = new Map(rows.map((r) => [r.key, Number(r.value)]));
	const read = (field: keyof NotificationTimings) => {
		const value = stored.get(KEYS[field]);
		return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : DEFAULT_NOTIFICATION_TIMINGS[field];
	};
	return { renotifyAfterMin: read('renotifyAfterMin'), escalateAfterMin: read('escalateAfterMin'), partyWaitingAfterMin: read('partyWaitingAfterMin') };
}

/** Parses the three form fields (whole minutes, 1 … one week; escalation after re-notification). */
export function parseNotificationTimings(input: Record<string, unknown>): NotificationTimings {
	const minutes = (field: keyof NotificationTimings) => {
		const text = typeof input[field] === 'string' ? (input[field] as string).trim() : '';
		const value = Number(text);
		if (!/^\d{1,6}$/.test(text) || value < 1 || value > MAX_MINUTES) throw new Refusal('invalid_input', 'notify.settings.error.minutes', { field });
		return value;
	};
	const timings = { renotifyAfterMin: minutes('renotifyAfterMin'), escalateAfterMin: minutes('escalateAfterMin'), partyWaitingAfterMin: minutes('partyWaitingAfterMin') };
	if (timings.escalateAfterMin <= timings.renotifyAfterMin) throw new Refusal('invalid_input', 'notify.settings.error.order', { field: 'escalateAfterMin' });
	return timings;
}

export async function setNotificationTimings({ db }: { db: Db }, actor: Actor, _subjectId: null, timings: NotificationTimings, now = Date.now()): Promise<void> {
	await db.transaction().execute(async (tx) => {
		for (const field of Object.keys(KEYS) as Array<keyof NotificationTimings>) {
			const value = String(timings[field]);
			await tx
				.insertInto('settings')
				.values({ key: KEYS[field], value, updated_at: now, updated_by: actor.userId })
				.onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now, updated_by: actor.userId }))
				.execute();
		}
		await appendAudit(tx, actor, { action: 'settings.changed', subject: 'settings:notifications', details: { ...timings }, at: now });
	});
}
