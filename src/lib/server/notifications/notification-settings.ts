// A user's notification settings (issue 19): the personal npub (verified by a one-time code
// sent to it as a direct message and typed back), the kinds chosen, quiet hours. Store and the
// account commands; the code is kept only as its SHA-256 for ten minutes and five tries, and
// is never logged or recorded. Never exposes another user's settings.
import { createHash, randomInt } from 'node:crypto';
import type { Db } from '../db/index.ts';
import type { NotificationSettingsTable } from '../db/schema.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import type { PersonActor } from '../auth/actor.ts';
import { parsePubkey } from '../../protocol/keys.ts';
import { defaultNotificationKinds, parseNotificationKinds, type NotificationKind } from './notification-kinds.ts';
import type { QuietHours } from './quiet-hours.ts';
import { parseClockTime } from './quiet-hours.ts';

export const CODE_TTL_MS = 10 * 60_000;
const MAX_CODE_ATTEMPTS = 5;

export interface NotificationSettings {
	userId: number;
	/** The verified personal key (hex), or null. */
	pubkey: string | null;
	verifiedAt: number | null;
	/** A key waiting for its code, while the code is valid. */
	pendingPubkey: string | null;
	kinds: NotificationKind[];
	quiet: QuietHours | null;
}

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

export async function getNotificationSettings(db: Db, userId: number, now = Date.now()): Promise<NotificationSettings> {
	const row = await db.selectFrom('notification_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
	let kinds = defaultNotificationKinds();
	if (row?.kinds) {
		try {
			kinds = parseNotificationKinds(JSON.parse(row.kinds));
		} catch {
			kinds = defaultNotificationKinds();
		}
	}
	return {
		userId,
		pubkey: row?.pubkey ?? null,
		verifiedAt: row?.verified_at ?? null,
		pendingPubkey: row?.pending_pubkey && (row.pending_expires_at ?? 0) > now ? row.pending_pubkey : null,
		kinds,
		quiet: row && row.quiet_start_min !== null && row.quiet_end_min !== null ? { startMin: row.quiet_start_min, endMin: row.quiet_end_min } : null
	};
}

async function upsert(db: Db, userId: number, values: Partial<Omit<NotificationSettingsTable, 'user_id' | 'updated_at' | 'pending_attempts'> & { pending_attempts: number }>, now: number): Promise<void> {
	await db
		.insertInto('notification_settings')
		.values({ user_id: userId, updated_at: now, ...values })
		.onConflict((oc) => oc.column('user_id').doUpdateSet({ updated_at: now, ...values }))
		.execute();
}

/** Reads the npub (or hex key) field of the Account form. */
export function parseNpubInput(text: unknown): string {
	try {
		return parsePubkey(typeof text === 'string' ? text.trim() : text);
	} catch {
		throw new Refusal('invalid_input', 'notify.account.error.npub', { field: 'npub' });
	}
}

/** Sends a code to `pubkey` with `send`; stores its hash. The code itself is returned to nobody. */
export async function startNpubVerification({ db }: { db: Db }, actor: PersonActor, _subjectId: null, input: { pubkey: string; send: (pubkey: string, code: string) => Promise<boolean> }, now = Date.now()): Promise<boolean> {
	const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
	await upsert(db, actor.userId, { pending_pubkey: input.pubkey, pending_code_hash: hashCode(code), pending_expires_at: now + CODE_TTL_MS, pending_attempts: 0 }, now);
	return input.send(input.pubkey, code);
}

/** Confirms the typed code; the pending key becomes the user's key. */
export async function confirmNpubCode({ db }: { db: Db }, actor: PersonActor, _subjectId: null, input: { code: string }, now = Date.now()): Promise<string> {
	const row = await db.selectFrom('notification_settings').selectAll().where('user_id', '=', actor.userId).executeTakeFirst();
	if (!row?.pending_pubkey || !row.pending_code_hash || (row.pending_expires_at ?? 0) <= now) throw new Refusal('invalid_input', 'notify.account.error.no_code', { field: 'code' });
	if (row.pending_attempts >= MAX_CODE_ATTEMPTS) throw new Refusal('invalid_input', 'notify.account.error.too_many', { field: 'code' });
	const typed = input.code.trim();
	if (!/^\d{6}$/.test(typed) || hashCode(typed) !== row.pending_code_hash) {
		await upsert(db, actor.userId, { pending_attempts: row.pending_attempts + 1 }, now);
		throw new Refusal('invalid_input', 'notify.account.error.code', { field: 'code' });
	}
	const pubkey = row.pending_pubkey;
	await db.transaction().execute(async (tx) => {
		await tx
			.updateTable('notification_settings')
			.set({ pubkey, verified_at: now, pending_pubkey: null, pending_code_hash: null, pending_expires_at: null, pending_attempts: 0, updated_at: now })
			.where('user_id', '=', actor.userId)
			.execute();
		await appendAudit(tx, actor, { action: 'notify.npub_verified', subject: `user:${actor.userId}`, details: { pubkey }, at: now });
	});
	return pubkey;
}

export async function removeNpub({ db }: { db: Db }, actor: PersonActor, _subjectId: null, now = Date.now()): Promise<void> {
	await db.transaction().execute(async (tx) => {
		await tx.updateTable('notification_settings').set({ pubkey: null, verified_at: null, pending_pubkey: null, pending_code_hash: null, pending_expires_at: null, updated_at: now }).where('user_id', '=', actor.userId).execute();
		await appendAudit(tx, actor, { action: 'notify.npub_removed', subject: `user:${actor.userId}`, at: now });
	});
}

export interface NotificationChoices {
	kinds: NotificationKind[];
	quiet: QuietHours | null;
}

/** Reads the checkboxes (`kinds`, repeated) and the two "HH:MM" fields (both or neither). */
export function parseNotificationChoices(form: { kinds: unknown[]; quietStart: unknown; quietEnd: unknown }): NotificationChoices {
	const emptyStart = typeof form.quietStart !== 'string' || form.quietStart.trim() === '';
	const emptyEnd = typeof form.quietEnd !== 'string' || form.quietEnd.trim() === '';
	if (emptyStart && emptyEnd) return { kinds: parseNotificationKinds(form.kinds), quiet: null };
	const startMin = parseClockTime(form.quietStart);
	const endMin = parseClockTime(form.quietEnd);
	if (startMin === null || endMin === null) throw new Refusal('invalid_input', 'notify.account.error.quiet', { field: startMin === null ? 'quietStart' : 'quietEnd' });
	return { kinds: parseNotificationKinds(form.kinds), quiet: { startMin, endMin } };
}

export async function saveNotificationChoices({ db }: { db: Db }, actor: PersonActor, _subjectId: null, choices: NotificationChoices, now = Date.now()): Promise<void> {
	await upsert(db, actor.userId, { kinds: JSON.stringify(choices.kinds), quiet_start_min: choices.quiet?.startMin ?? null, quiet_end_min: choices.quiet?.endMin ?? null }, now);
}
