// Translation lookup shared by server and browser: English and Spanish dictionaries,
// `{name}` placeholders. Unknown keys fall back to English, then to the key itself.
import { en, type MessageKey } from './en.ts';
import { es } from './es.ts';
import type { Locale } from './locales.ts';

export { isLocale, LOCALES, type Locale } from './locales.ts';
export { negotiateLocale } from './negotiate-locale.ts';
export type { MessageKey };

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, es };

export function isMessageKey(value: string): value is MessageKey {
	return Object.hasOwn(en, value);
}

export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
	const template = isMessageKey(key) ? dictionaries[locale][key] : key;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export type Translate = (key: MessageKey | string, params?: Record<string, string | number>) => string;

export function createTranslator(locale: Locale): Translate {
	return (key, params) => translate(locale, key, params);
}
