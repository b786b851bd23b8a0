// Compares every language's dictionary with the English one: keys missing, keys English does not
// have, and texts whose `{placeholders}` differ from the English text's. Used by the i18n test
// and by `node bin/i18n-missing.ts`. Pure data work; must never change a dictionary.
import type { Locale } from './locales.ts';

export interface DictionaryGaps {
	locale: Locale;
	missing: string[];
	extra: string[];
	placeholders: Array<{ key: string; english: string[]; translated: string[] }>;
	empty: string[];
}

/** The sorted, de-duplicated `{name}` placeholders of a text. */
export function placeholdersOf(text: string): string[] {
	return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? ''))].sort();
}

export function findGaps(english: Readonly<Record<string, string>>, locale: Locale, translated: Readonly<Record<string, unknown>>): DictionaryGaps {
	const gaps: DictionaryGaps = { locale, missing: [], extra: [], placeholders: [], empty: [] };
	for (const [key, text] of Object.entries(english)) {
		const other = translated[key];
		if (typeof other !== 'string') {
			gaps.missing.push(key);
			continue;
		}
		if (other.trim() === '') gaps.empty.push(key);
		const want = placeholdersOf(text);
		const got = placeholdersOf(other);
		if (want.join(',') !== got.join(',')) gaps.placeholders.push({ key, english: want, translated: got });
	}
	for (const key of Object.keys(translated)) if (!Object.hasOwn(english, key)) gaps.extra.push(key);
	return gaps;
}

export function hasGaps(gaps: DictionaryGaps): boolean {
	return gaps.missing.length + gaps.extra.length + gaps.placeholders.length + gaps.empty.length > 0;
}
