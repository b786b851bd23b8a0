// Translation lookup shared by server and browser: one dictionary per language (en, es, pt,
// it), `{name}` placeholders. Keys are exact (`MessageKey`): a text that only exists at run time
// (an error's messageKey from the database, say) goes through `isMessageKey` first.
import { en, type MessageKey } from './en.ts';
import { es } from './es.ts';
import { pt } from './pt.ts';
import { it } from './it.ts';
import type { Locale } from './locales.ts';

export { isLocale, LOCALES, LOCALE_TAGS, type Locale } from './locales.ts';
export { negotiateLocale } from './negotiate-locale.ts';
export type { MessageKey };

export type Params = Record<string, string | number>;

export const dictionaries: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, es, pt, it };

export function isMessageKey(value: string): value is MessageKey {
	return Object.hasOwn(en, value);
}

/**
 * The key `${prefix}${value}` when the dictionaries have it, else null. For a value that arrives
 * as a plain string (a status from the wire, a code from the database), so the key stays exact.
 */
export function keyOf(prefix: string, value: string | null | undefined): MessageKey | null {
	const key = `${prefix}${value ?? ''}`;
	return value != null && isMessageKey(key) ? key : null;
}

export function translate(locale: Locale, key: MessageKey, params: Params = {}): string {
	const template = dictionaries[locale][key] ?? en[key] ?? key;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type Translate = (key: MessageKey, params?: Params) => string;

export function createTranslator(locale: Locale): Translate {
	return (key, params) => translate(locale, key, params);
}
