// The console's languages: the Locale type, the list in preference order (the first is the
// default) and the guard for untrusted values. Shared by server and browser; data only.
export type Locale = 'en' | 'es';
export const LOCALES: readonly Locale[] = ['en', 'es'];

export function isLocale(value: unknown): value is Locale {
	return value === 'en' || value === 'es';
}
