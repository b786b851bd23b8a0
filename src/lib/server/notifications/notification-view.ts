// What the Account and Settings pages show of notifications (issue 19): a user's own npub and
// choices; for operators, the notifier's npub, the delays, the recent log and the delivery
// health. Reads only. Never shows a verification code, a message text or a secret key.
import type { Db } from '../db/index.ts';
import { encodeNpub } from '../../protocol/keys.ts';
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationTimings } from './notification-kinds.ts';
import { getNotificationSettings } from './notification-settings.ts';
import { getNotifierPubkey } from '../vault/notifier-key.ts';
import { getNotificationTimings } from './notification-timings.ts';
import { listRecentNotifications, notificationHealth, type NotificationState } from './notification-log.ts';
import { formatClockTime } from './quiet-hours.ts';

export interface AccountNotificationView {
	npub: string | null;
	pendingNpub: string | null;
	kinds: Array<{ kind: NotificationKind; chosen: boolean }>;
	quietStart: string;
	quietEnd: string;
}

export async function loadAccountNotificationView(db: Db, userId: number): Promise<AccountNotificationView> {
	const s = await getNotificationSettings(db, userId);
	return {
		npub: s.pubkey ? encodeNpub(s.pubkey) : null,
		pendingNpub: s.pendingPubkey ? encodeNpub(s.pendingPubkey) : null,
		kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, chosen: s.kinds.includes(kind) })),
		quietStart: s.quiet ? formatClockTime(s.quiet.startMin) : '',
		quietEnd: s.quiet ? formatClockTime(s.quiet.endMin) : ''
	};
}

export interface NotificationAdminView {
	notifierNpub: string | null;
	timings: NotificationTimings;
	health: { retrying: number; givenUp: number; lastError: string | null };
	log: Array<{ id: number; at: number; userName: string; kind: string; disputeId: string | null; state: NotificationState; relays: string[]; attempts: number; lastError: string | null }>;
}

export async function loadNotificationAdminView(db: Db): Promise<NotificationAdminView> {
	const pubkey = await getNotifierPubkey(db);
	return {
		notifierNpub: pubkey ? encodeNpub(pubkey) : null,
		timings: await getNotificationTimings(db),
		health: await notificationHealth(db),
		log: (await listRecentNotifications(db, 50)).map((n) => ({
			id: n.id,
			at: n.sentAt ?? n.createdAt,
			userName: n.userName,
			kind: n.kind,
			disputeId: n.disputeId,
			state: n.state,
			relays: n.deliveredRelays,
			attempts: n.attempts,
			lastError: n.lastError
		}))
	};
}
