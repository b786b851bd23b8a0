// Lists what each language lacks against English: missing keys (with the English text to
// translate), extra keys and placeholder mismatches, for the UI dictionaries, the CantDo texts
// and the CLI messages. Run: node bin/i18n-missing.ts (exit 1 when anything is listed).
// Reads the dictionaries only; it never writes a file.
import { dictionaries } from '../src/lib/i18n/index.ts';
import { LOCALES } from '../src/lib/i18n/locales.ts';
import { findGaps, hasGaps, type DictionaryGaps } from '../src/lib/i18n/dictionary-gaps.ts';
import { CANT_DO_TEXTS } from '../src/lib/protocol/cant-do-texts.ts';
import { CLI_MESSAGES } from './cli-messages.ts';

function report(area: string, english: Readonly<Record<string, string>>, gaps: DictionaryGaps): void {
	console.log(`${area} · ${gaps.locale}: ${gaps.missing.length} missing, ${gaps.extra.length} extra, ${gaps.placeholders.length} placeholder mismatches, ${gaps.empty.length} empty`);
	for (const key of gaps.missing) console.log(`  missing  '${key}': ${JSON.stringify(english[key])}`);
	for (const key of gaps.extra) console.log(`  extra    '${key}'`);
	for (const p of gaps.placeholders) console.log(`  placeholders '${p.key}': English {${p.english.join('} {')}}, here {${p.translated.join('} {')}}`);
	for (const key of gaps.empty) console.log(`  empty    '${key}'`);
}

const areas: Array<[string, Readonly<Record<string, Readonly<Record<string, string>>>>]> = [
	['ui', dictionaries],
	['cant-do', CANT_DO_TEXTS],
	['cli', CLI_MESSAGES]
];
let incomplete = false;
for (const [area, byLocale] of areas) {
	const english = byLocale.en ?? {};
	for (const locale of LOCALES) {
		if (locale === 'en') continue;
		const gaps = findGaps(english, locale, byLocale[locale] ?? {});
		if (hasGaps(gaps)) incomplete = true;
		report(area, english, gaps);
	}
}
process.exitCode = incomplete ? 1 : 0;
