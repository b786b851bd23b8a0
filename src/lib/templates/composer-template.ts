// What the chat composer puts in the message field when a mediator picks a template (issue 17
// "Templates in the party's language"): the template's text in the chosen language (English, then
// any language that has one, when that language is empty), its placeholders filled from the case
// with numbers written the way that language writes them. Pure; the mediator still reads and
// edits the text before sending, so nothing is sent from here.
import type { Locale } from '../i18n/locales.ts';
import { LOCALES } from '../i18n/locales.ts';
import { formatSats } from '../format/sats.ts';
import { formatDateTime } from '../format/time.ts';
import { fillTemplate } from './template-text.ts';

export interface TemplateTexts {
	names: Record<Locale, string>;
	bodies: Record<Locale, string>;
}

/** The case facts placeholders are filled from; null while the case does not know them. */
export interface CaseFacts {
	orderId: string | null;
	amountSats: number | null;
	/** Fiat amount and currency as the order states them (e.g. `100 EUR`). */
	fiat: string | null;
	/** Epoch ms the escrow runs out. */
	deadlineMs: number | null;
}

function firstFilled(texts: Record<Locale, string>, preferred: Locale): { text: string; language: Locale } {
	for (const language of [preferred, 'en' as const, ...LOCALES]) if (texts[language].trim() !== '') return { text: texts[language], language };
	return { text: '', language: preferred };
}

/** The template's name as the mediator's interface shows it. */
export function templateName(template: TemplateTexts, uiLocale: Locale): string {
	return firstFilled(template.names, uiLocale).text;
}

/** The filled text in `language`, and the language it actually is in (another one when `language` has no text). */
export function composeFromTemplate(template: TemplateTexts, language: Locale, facts: CaseFacts): { text: string; language: Locale } {
	const body = firstFilled(template.bodies, language);
	const text = fillTemplate(body.text, {
		order_id: facts.orderId,
		amount: formatSats(facts.amountSats, body.language),
		fiat: facts.fiat,
		deadline: facts.deadlineMs === null ? null : formatDateTime(facts.deadlineMs)
	});
	return { text, language: body.language };
}
