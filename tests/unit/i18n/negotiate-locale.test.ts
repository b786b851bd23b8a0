// Locale negotiation from Accept-Language, case by case: plain and regional tags, q-values
// (including q=0, "not acceptable"), wildcards, parameter spelling, and malformed headers,
// which must never throw and fall back to English.
import { describe, expect, it } from 'vitest';
import { negotiateLocale } from '../../../src/lib/i18n/negotiate-locale.ts';
import type { Locale } from '../../../src/lib/i18n/locales.ts';

const CASES: ReadonlyArray<readonly [header: string | null, expected: Locale, why: string]> = [
	[null, 'en', 'no header'],
	['', 'en', 'empty header'],
	['es', 'es', 'plain Spanish'],
	['en', 'en', 'plain English'],
	['ES', 'es', 'tags are case-insensitive'],
	['es-ES', 'es', 'regional tag'],
	['es-419', 'es', 'numeric region'],
	['es-MX,es;q=0.9,en;q=0.8', 'es', 'a typical Mexican browser'],
	['en-US,en;q=0.9,es;q=0.8', 'en', 'a typical US browser'],
	['fr-CA,fr;q=0.9,es;q=0.5', 'es', 'unsupported first choices are skipped'],
	['fr, de', 'en', 'nothing supported'],
	['en;q=0.1, es;q=0.9', 'es', 'higher q wins over header order'],
	['es;q=0.5, en;q=0.5', 'es', 'equal q keeps header order'],
	['en;q=0.5, es;q=0.5', 'en', 'equal q keeps header order (reversed)'],
	['es;q=1.0', 'es', 'q=1.0'],
	['es;q=0.001', 'es', 'the smallest acceptable q'],
	['es;Q=0.9, en;Q=0.1', 'es', 'the q parameter name is case-insensitive'],
	[' es ; q=0.9 ,  en ; q=0.1 ', 'es', 'whitespace around separators'],
	['es;level=1;q=0.9, en;q=0.1', 'es', 'other parameters are ignored'],
	['es;q=0', 'en', 'q=0 means not acceptable'],
	['fr, es;q=0', 'en', 'q=0 rules Spanish out even as the only supported tag'],
	['es-MX, es;q=0', 'en', 'q=0 on the base language rules out its regions'],
	['en;q=0, es;q=0.1', 'es', 'English refused, Spanish accepted'],
	['*', 'en', 'wildcard alone: the default'],
	['es;q=0.2, *', 'en', 'a wildcard above Spanish stands for an unnamed language'],
	['en;q=0.3, *;q=0.5', 'es', 'a wildcard stands only for languages the header does not name'],
	['en;q=0, *', 'es', 'wildcard with English refused'],
	['*;q=0, es', 'es', 'wildcard refused, Spanish named'],
	['*;q=0', 'en', 'everything refused: the default'],
	['es;q=abc, en;q=0.1', 'en', 'a malformed q drops its entry'],
	['es;q=2', 'en', 'a q above 1 is malformed'],
	['es;q=-1', 'en', 'a negative q is malformed'],
	['es;q=0.12345', 'en', 'more than three decimals is malformed'],
	['es;q=', 'en', 'an empty q is malformed'],
	[';;;,,,', 'en', 'separators only'],
	[',es', 'es', 'an empty entry is skipped'],
	['español', 'en', 'a language name, not a tag'],
	['e', 'en', 'a truncated tag'],
	['\u0000es', 'en', 'a control character'],
	['x-es, i-es', 'en', 'private-use and grandfathered prefixes'],
	['zh-Hant-TW, es;q=0.1', 'es', 'a long tag before a supported one'],
	['es,'.repeat(5000), 'es', 'a very long header'],
	['pt', 'pt', 'plain Portuguese'],
	['pt-BR', 'pt', 'Brazilian Portuguese'],
	['pt-PT', 'pt', 'European Portuguese gets the Brazilian text'],
	['PT-br', 'pt', 'Portuguese tags are case-insensitive'],
	['pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7', 'pt', 'a typical Brazilian browser'],
	['it', 'it', 'plain Italian'],
	['it-IT', 'it', 'Italian from Italy'],
	['it-CH', 'it', 'Italian from Switzerland'],
	['it-IT,it;q=0.9,en-US;q=0.8,en;q=0.7', 'it', 'a typical Italian browser'],
	['fr-FR, it;q=0.8, pt;q=0.9', 'pt', 'the higher q of two new languages wins'],
	['pt;q=0.5, it;q=0.5', 'pt', 'equal q keeps header order for the new languages'],
	['it;q=0.5, es;q=0.5', 'it', 'equal q keeps header order, Italian first'],
	['pt-BR, pt;q=0', 'en', 'q=0 on Portuguese rules out Brazilian Portuguese'],
	['it;q=0, es;q=0.1', 'es', 'Italian refused, Spanish accepted'],
	['en;q=0, es;q=0, *', 'pt', 'a wildcard stands for the first unnamed language after English'],
	['en;q=0, es;q=0, pt;q=0, *', 'it', 'a wildcard with three languages refused'],
	['pt;q=abc, it;q=0.1', 'it', 'a malformed q drops the Portuguese entry'],
	['portuguese, italiano', 'en', 'language names, not tags'],
	['ptx, itx', 'en', 'tags that only start like a supported one']
];

describe('negotiateLocale', () => {
	for (const [header, expected, why] of CASES) {
		it(`${why}: ${JSON.stringify(header)?.slice(0, 40)} -> ${expected}`, () => {
			expect(negotiateLocale(header)).toBe(expected);
		});
	}
});
