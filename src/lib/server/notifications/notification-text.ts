// The text of a notification (issue 19): one short line in the user's language built from the
// kind and its facts (dispute id, amount, status, minutes) and, when the console knows its
// public URL, a link to the case. Pure. Must never take free text: no chat text, no secret, no
// key can reach a message because nothing here accepts one.
import { isMessageKey, translate, type Locale } from '../../i18n/index.ts';
import type { NotificationKind } from './notification-kinds.ts';
import type { NotificationFacts } from './notification-log.ts';

/** How much of a dispute id a message shows (the link carries the whole id). */
const SHORT_ID = 8;

export function notificationText(locale: Locale, kind: NotificationKind, disputeId: string | null, facts: NotificationFacts, publicUrl: string | null): string {
	const status = facts.status ? (isMessageKey(`board.bucket.${facts.status}`) ? translate(locale, `board.bucket.${facts.status}`) : facts.status) : '';
	const line = translate(locale, `notify.msg.${kind}`, {
		dispute: disputeId ? disputeId.slice(0, SHORT_ID) : '',
		amount: typeof facts.amountSats === 'number' ? translate(locale, 'notify.msg.amount', { sats: facts.amountSats.toLocaleString(locale) }) : translate(locale, 'notify.msg.unknown_amount'),
		status,
		minutes: facts.minutes ?? 0
	});
	return publicUrl && disputeId ? `${line}\n${publicUrl.replace(/\/+$/, '')}/disputes/${encodeURIComponent(disputeId)}` : line;
}

/** The one message that carries a code: the npub verification. */
export function verificationText(locale: Locale, code: string): string {
	return translate(locale, 'notify.msg.npub_verification', { code });
}
