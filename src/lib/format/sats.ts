// Amounts in satoshis with thousands separators for the reader's language.
export function formatSats(sats: number | null, locale: 'en' | 'es'): string | null {
	if (sats === null) return null;
	return `${new Intl.NumberFormat(locale === 'es' ? 'es' : 'en').format(sats)} sats`;
}
