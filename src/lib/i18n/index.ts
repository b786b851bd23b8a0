// Translation lookup shared by server and browser: English and Spanish dictionaries,
// `{name}` placeholders. Unknown keys fall back to English, then to the key itself.
import { en, type MessageKey } from './en.ts';
import { es } from './es.ts';

export type Locale = 'en' | 'es';
export type { MessageKey };
export const LOCALES: readonly Locale[] = ['en', 'es'];

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, es };

export function isLocale(value: unknown): value is Locale {
	return value === 'en' || value === 'es';
}

export function isMessageKey(value: string): value is MessageKey {
	return Object.hasOwn(en, value);
}

export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
	const template = isMessageKey(key) ? dictionaries[locale][key] : key;
	return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Picks the best supported language from an Accept-Language header. */
export function negotiateLocale(header: string | null): Locale {
	if (!header) return 'en';
	const ranked = header
		.split(',')
		.map((part) => {
			const [tag = '', ...rest] = part.trim().split(';');
			const q = rest.find((p) => p.trim().startsWith('q='));
			return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
		})
		.sort((a, b) => b.q - a.q);
	for (const { tag } of ranked) {
		const base = tag.split('-')[0];
		if (isLocale(base)) return base;
	}
	return 'en';
}

export type Translate = (key: MessageKey | string, params?: Record<string, string | number>) => string;

export function createTranslator(locale: Locale): Translate {
	return (key, params) => translate(locale, key, params);
}
