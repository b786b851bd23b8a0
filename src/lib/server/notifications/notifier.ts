// The notifier (issue 19): records a notification for each user who asked for its kind, and
// sends it as a NIP-17 direct message from the console's notifier key to the user's verified
// npub at their DM relays. Quiet hours hold a message until they end (escrow under 1 hour
// goes at once); a message no relay accepted is tried again with back-off, then given up and
// left visible. Time comes from the injected clock. Never sends chat text, secrets or keys:
// the text is built from the kind and its facts only (notification-text.ts).
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import { log } from '../log.ts';
import { getUserById } from '../users/repository.ts';
import { wrapPrivateDm } from '../../protocol/private-dm.ts';
import { NOTIFICATION_RULES, type NotificationKind } from './notification-kinds.ts';
import { claimNotification, deferNotification, listDueNotifications, markNotificationFailed, markNotificationSent, recordNotification, type NotificationFacts, type NotificationRecord } from './notification-log.ts';
import { getNotificationSettings } from './notification-settings.ts';
import { isQuietAt, quietEndsAt } from './quiet-hours.ts';
import { notificationText, verificationText } from './notification-text.ts';
import { openNotifierKey } from '../vault/notifier-key.ts';
import { recipientsOf, type AudienceContext } from './notification-recipients.ts';
import type { DmTransport } from './dm-transport.ts';
import type { Locale } from '../../i18n/index.ts';

/** Waits after the 1st, 2nd, … failed try; after the last one the notification is given up. */
export const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 1_800_000, 7_200_000] as const;

export interface NotifierOptions {
	db: Db;
	sealer: Sealer;
	transport: DmTransport;
	/** The console's public URL (links to cases), when configured. */
	publicUrl: string | null;
	/** The clock (tests inject one). */
	now?: () => number;
}

export interface Notice {
	kind: NotificationKind;
	disputeId: string | null;
	/** Makes the notification unique per user: the same key is never sent twice. */
	dedupeKey: string;
	facts?: NotificationFacts;
	audience?: AudienceContext;
}

export class Notifier {
	readonly #db: Db;
	readonly #sealer: Sealer;
	readonly transport: DmTransport;
	readonly #publicUrl: string | null;
	readonly now: () => number;
	#delivering: Promise<void> | null = null;
	#again = false;

	constructor(options: NotifierOptions) {
		this.#db = options.db;
		this.#sealer = options.sealer;
		this.transport = options.transport;
		this.#publicUrl = options.publicUrl;
		this.now = options.now ?? Date.now;
	}

	/** Records the notice for everyone of its audience who chose its kind, then sends what is due. */
	async notify(notice: Notice): Promise<void> {
		const now = this.now();
		const rule = NOTIFICATION_RULES[notice.kind];
		let recorded = false;
		for (const userId of await recipientsOf(this.#db, notice.kind, notice.audience ?? {})) {
			const settings = await getNotificationSettings(this.#db, userId, now);
			if (!settings.kinds.includes(notice.kind)) continue;
			const quiet = !rule.ignoresQuietHours && isQuietAt(settings.quiet, now);
			const id = await recordNotification(
				this.#db,
				{
					kind: notice.kind,
					userId,
					disputeId: notice.disputeId,
					dedupeKey: notice.dedupeKey,
					facts: notice.facts ?? {},
					state: settings.pubkey ? (quiet ? 'quiet' : 'pending') : 'no_key',
					recipientPubkey: settings.pubkey,
					nextAttemptAt: settings.pubkey ? (quiet && settings.quiet ? quietEndsAt(settings.quiet, now) : now) : null
				},
				now
			);
			recorded ||= id !== null;
		}
		if (recorded) await this.deliverDue();
	}

	/** Sends every notification whose time has come; one run at a time (a call during a run runs again after it). */
	deliverDue(): Promise<void> {
		if (this.#delivering) {
			this.#again = true;
			return this.#delivering;
		}
		this.#delivering = (async () => {
			do {
				this.#again = false;
				for (const due of await listDueNotifications(this.#db, this.now())) await this.#deliver(due);
			} while (this.#again);
		})().finally(() => (this.#delivering = null));
		return this.#delivering;
	}

	/**
	 * Sends a verification code to a key not yet verified; true when a relay accepted it. The
	 * log records the message (to whom, where) but never the code.
	 */
	async sendVerificationCode(userId: number, pubkey: string, locale: Locale, code: string): Promise<boolean> {
		const now = this.now();
		const id = await recordNotification(this.#db, { kind: 'npub_verification', userId, disputeId: null, dedupeKey: `npub_verification:${now}:${pubkey}`, facts: {}, state: 'pending', recipientPubkey: pubkey, nextAttemptAt: null }, now);
		const delivery = await this.#send(pubkey, verificationText(locale, code)).catch((error: unknown) => ({ relays: [], wrapEventId: '', error: error instanceof Error ? error.message : String(error) }));
		if (id !== null) {
			if (delivery.relays.length > 0) await markNotificationSent(this.#db, id, delivery, this.now());
			else await markNotificationFailed(this.#db, id, delivery.error ?? 'no relay accepted it', null);
		}
		return delivery.relays.length > 0;
	}

	async #deliver(due: NotificationRecord): Promise<void> {
		const now = this.now();
		// Another replica (or an earlier run here) may be sending it already.
		if (!(await claimNotification(this.#db, due, now))) return;
		const settings = await getNotificationSettings(this.#db, due.userId, now);
		const user = await getUserById(this.#db, due.userId);
		if (!user || user.disabled || !settings.pubkey) {
			await markNotificationFailed(this.#db, due.id, 'no verified npub', null);
			return;
		}
		if (due.kind === 'npub_verification') return;
		if (!NOTIFICATION_RULES[due.kind].ignoresQuietHours && settings.quiet && isQuietAt(settings.quiet, now)) {
			await deferNotification(this.#db, due.id, quietEndsAt(settings.quiet, now));
			return;
		}
		try {
			const delivery = await this.#send(settings.pubkey, notificationText(user.locale, due.kind, due.disputeId, due.facts, this.#publicUrl));
			if (delivery.relays.length > 0) {
				await markNotificationSent(this.#db, due.id, delivery, this.now());
				return;
			}
			await this.#failed(due, delivery.error ?? 'no relay accepted it');
		} catch (error) {
			await this.#failed(due, error instanceof Error ? error.message : String(error));
		}
	}

	async #failed(due: NotificationRecord, error: string): Promise<void> {
		const delay = RETRY_DELAYS_MS[due.attempts];
		await markNotificationFailed(this.#db, due.id, error, delay === undefined ? null : this.now() + delay);
		log.warn('a notification was not delivered', { notification: due.id, kind: due.kind, attempts: due.attempts + 1, error });
	}

	async #send(pubkey: string, text: string): Promise<{ relays: string[]; wrapEventId: string; error: string | null }> {
		const secret = await openNotifierKey(this.#db, this.#sealer);
		let wrap;
		try {
			wrap = wrapPrivateDm(secret, pubkey, text, Math.floor(this.now() / 1000));
		} finally {
			secret.fill(0);
		}
		const relays = await this.transport.relaysFor(pubkey);
		const receipts = await this.transport.publish(wrap, relays);
		const accepted = receipts.filter((r) => r.accepted).map((r) => r.relay);
		const refused = receipts.find((r) => !r.accepted);
		return { relays: accepted, wrapEventId: wrap.id, error: relays.length === 0 ? 'no relay to send to' : refused ? `${refused.relay}: ${refused.message}` : null };
	}
}
