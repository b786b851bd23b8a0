// Picks the console's language from an Accept-Language header (RFC 9110 section 12.5.4): the
// supported locale with the highest q-value, `q=0` meaning "not acceptable", `*` standing for
// any language the header does not name. Shared by server and browser; it must never throw on
// a malformed header (a bad entry is skipped, and no usable entry means English).
import { isLocale, LOCALES, type Locale } from './locales.ts';

const DEFAULT_LOCALE: Locale = LOCALES[0] ?? 'en';
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

interface Range {
	tag: string;
	q: number;
}

/** One comma-separated entry as `{ tag, q }`, or null when its q-value is malformed. */
function parseRange(part: string): Range | null {
	const [rawTag = '', ...params] = part.split(';');
	const tag = rawTag.trim().toLowerCase();
	if (!tag) return null;
	let q = 1;
	for (const param of params) {
		const [name = '', value = ''] = param.split('=');
		if (name.trim().toLowerCase() !== 'q') continue;
		if (!QVALUE.test(value.trim())) return null;
		q = Number(value.trim());
	}
	return { tag, q };
}

export function negotiateLocale(header: string | null): Locale {
	if (!header) return DEFAULT_LOCALE;
	const ranges = header
		.split(',')
		.map(parseRange)
		.filter((range): range is Range => range !== null);
	const named = new Set(ranges.map((range) => range.tag.split('-')[0]));
	const candidates: Array<{ locale: Locale; q: number }> = [];
	for (const { tag, q } of ranges) {
		if (tag === '*') {
			const unnamed = LOCALES.filter((locale) => !named.has(locale));
			if (unnamed.length > 0) candidates.push({ locale: unnamed.includes(DEFAULT_LOCALE) ? DEFAULT_LOCALE : unnamed[0]!, q });
			continue;
		}
		const base = tag.split('-')[0];
		if (isLocale(base)) candidates.push({ locale: base, q });
	}
	// Equal q-values keep the header's order (the sort is stable); q=0 rules a language out.
	const excluded = new Set(candidates.filter((c) => c.q === 0).map((c) => c.locale));
	const best = candidates.filter((c) => c.q > 0 && !excluded.has(c.locale)).sort((a, b) => b.q - a.q)[0];
	return best ? best.locale : DEFAULT_LOCALE;
}
