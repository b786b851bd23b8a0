// The console's languages: the Locale type, the list in preference order (the first is the
// default), the guard for untrusted values and the BCP 47 tag each one is written as (for
// `<html lang>` and Intl formatting). Shared by server and browser; data only.
export type Locale = 'en' | 'es' | 'pt' | 'it';
export const LOCALES: readonly Locale[] = ['en', 'es', 'pt', 'it'];

/** The tag a locale is announced and formatted as: Portuguese is the Brazilian variant. */
export const LOCALE_TAGS: Readonly<Record<Locale, string>> = { en: 'en', es: 'es', pt: 'pt-BR', it: 'it' };

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
