// The Account page's notification actions (issue 19), one call each for the route: send a
// code to a new npub, confirm it, remove it, save the choices. The code goes out through the
// notifier and nowhere else (not the page, not the log). Never acts for another user.
import type { Db } from '../db/index.ts';
import type { PersonActor } from '../auth/actor.ts';
import type { Locale } from '../../i18n/index.ts';
import type { Notifier } from './notifier.ts';
import { confirmNpubCode, parseNotificationChoices, parseNpubInput, removeNpub, saveNotificationChoices, startNpubVerification } from './notification-settings.ts';

type Services = { db: Db; notifier: Notifier };

/** Sends a one-time code to the typed npub; true when a relay accepted the message. */
export async function requestNpubCode(services: Services, actor: PersonActor, _subjectId: null, input: { npub: string; locale: Locale }): Promise<boolean> {
	const pubkey = parseNpubInput(input.npub);
	return startNpubVerification(services, actor, null, { pubkey, send: (pk, code) => services.notifier.sendVerificationCode(actor.userId, pk, input.locale, code) });
}

export async function confirmNpub(services: Services, actor: PersonActor, _subjectId: null, input: { code: string }): Promise<void> {
	await confirmNpubCode(services, actor, null, input);
}

export async function forgetNpub(services: Services, actor: PersonActor): Promise<void> {
	await removeNpub(services, actor, null);
}

export async function saveChoices(services: Services, actor: PersonActor, _subjectId: null, form: { kinds: unknown[]; quietStart: unknown; quietEnd: unknown }): Promise<void> {
	await saveNotificationChoices(services, actor, null, parseNotificationChoices(form));
}
