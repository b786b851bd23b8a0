// Amounts in satoshis with thousands separators for the reader's language.
import { LOCALE_TAGS, type Locale } from '../i18n/locales.ts';

export function formatSats(sats: number | null, locale: Locale): string | null {
	if (sats === null) return null;
	return `${new Intl.NumberFormat(LOCALE_TAGS[locale]).format(sats)} sats`;
}
