// Every language has exactly English's keys, with the same `{placeholders}` and no empty text:
// the UI dictionaries, the CantDo texts and the CLI's messages. Also checks the gap finder itself
// on a made-up dictionary, so a broken comparison cannot pass everything.
import { describe, expect, it } from 'vitest';
import { dictionaries } from '../../../src/lib/i18n/index.ts';
import { LOCALES } from '../../../src/lib/i18n/locales.ts';
import { findGaps, placeholdersOf } from '../../../src/lib/i18n/dictionary-gaps.ts';
import { CANT_DO_TEXTS } from '../../../src/lib/protocol/cant-do-texts.ts';
import { CLI_MESSAGES } from '../../../bin/cli-messages.ts';

const AREAS = { ui: dictionaries, 'cant-do': CANT_DO_TEXTS, cli: CLI_MESSAGES } as const;

describe('translations are complete', () => {
	for (const [area, byLocale] of Object.entries(AREAS)) {
		for (const locale of LOCALES.filter((l) => l !== 'en')) {
			it(`${area} · ${locale} has every English key, no other, the same placeholders and no empty text`, () => {
				const gaps = findGaps(byLocale.en, locale, byLocale[locale]);
				expect(gaps.missing, 'missing keys (run npm run i18n:missing)').toEqual([]);
				expect(gaps.extra, 'keys English does not have').toEqual([]);
				expect(gaps.placeholders, 'placeholders that differ from English').toEqual([]);
				expect(gaps.empty, 'empty texts').toEqual([]);
			});
		}
	}

	it('names each language in itself, the same in every language', () => {
		for (const locale of LOCALES) {
			expect(dictionaries[locale]['locale.en']).toBe('English');
			expect(dictionaries[locale]['locale.es']).toBe('Español');
			expect(dictionaries[locale]['locale.pt']).toBe('Português (Brasil)');
			expect(dictionaries[locale]['locale.it']).toBe('Italiano');
		}
	});

	it('Portuguese and Italian are translations, not copies of English', () => {
		for (const locale of ['pt', 'it'] as const) {
			const same = Object.keys(dictionaries.en).filter((key) => dictionaries[locale][key as keyof typeof dictionaries.en] === dictionaries.en[key as keyof typeof dictionaries.en]);
			// Brand names, units and symbols (—, p90, "< 1 h", "v1 · gift wrap (kind 1059)") read the same everywhere.
			expect(same.length).toBeLessThan(Object.keys(dictionaries.en).length * 0.06);
		}
	});
});

describe('findGaps', () => {
	const english = { a: 'Hello {name}', b: 'Bye', c: '{n} of {total}' };

	it('reports missing, extra, placeholder and empty problems', () => {
		const gaps = findGaps(english, 'pt', { a: 'Olá {nome}', c: '   ', d: 'extra' });
		expect(gaps.missing).toEqual(['b']);
		expect(gaps.extra).toEqual(['d']);
		expect(gaps.placeholders).toEqual([
			{ key: 'a', english: ['name'], translated: ['nome'] },
			{ key: 'c', english: ['n', 'total'], translated: [] }
		]);
		expect(gaps.empty).toEqual(['c']);
	});

	it('accepts reordered and repeated placeholders', () => {
		const gaps = findGaps(english, 'it', { a: '{name}, ciao {name}', b: 'Ciao', c: 'su {total}: {n}' });
		expect(gaps).toEqual({ locale: 'it', missing: [], extra: [], placeholders: [], empty: [] });
	});

	it('treats a non-string value as missing', () => {
		expect(findGaps(english, 'es', { a: 'Hola {name}', b: 42, c: '{n} de {total}' }).missing).toEqual(['b']);
	});

	it('reads placeholders sorted and once each', () => {
		expect(placeholdersOf('{b} {a} {b} {}')).toEqual(['a', 'b']);
	});
});
