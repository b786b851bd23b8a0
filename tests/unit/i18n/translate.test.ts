// The translator: exact keys (a key the dictionaries lack does not type-check), placeholders,
// `keyOf` for values that arrive as plain strings, and the language tags.
import { describe, expect, it } from 'vitest';
import { createTranslator, keyOf, translate, type MessageKey } from '../../../src/lib/i18n/index.ts';
import { isLocale, LOCALE_TAGS, LOCALES, type Locale } from '../../../src/lib/i18n/locales.ts';
import { CANT_DO_TEXTS, type CantDoLocale } from '../../../src/lib/protocol/cant-do-texts.ts';

describe('translate', () => {
	it('fills placeholders in every language', () => {
		expect(translate('en', 'board.page', { page: 2, pages: 5, total: 99 })).toBe('Page 2 of 5 · 99 disputes');
		expect(translate('pt', 'board.page', { page: 2, pages: 5, total: 99 })).toBe('Página 2 de 5 · 99 disputas');
		expect(translate('it', 'board.page', { page: 2, pages: 5, total: 99 })).toBe('Pagina 2 di 5 · 99 dispute');
		expect(translate('it', 'board.escrow_held', {})).toBe('In garanzia: {sats}');
	});

	it('takes only known keys (checked by npm run check)', () => {
		const t = createTranslator('pt');
		// @ts-expect-error a key the dictionaries do not have is a type error, not a run-time surprise
		expect(t('no.such.key')).toBe('no.such.key');
		// @ts-expect-error a plain string is not a MessageKey
		expect(translate('en', String('nav.audit'))).toBe('Audit');
		const key: MessageKey = 'nav.audit';
		expect(t(key)).toBe('Auditoria');
	});

	it('keyOf gives the key for a known value and null otherwise', () => {
		expect(keyOf('status.', 'in-progress')).toBe('status.in-progress');
		expect(keyOf('status.', 'made-up')).toBeNull();
		expect(keyOf('status.', null)).toBeNull();
		expect(keyOf('status.', undefined)).toBeNull();
		const key = keyOf('journal.', 'sent');
		expect(key ? translate('it', key) : null).toBe('inviata');
	});
});

describe('locales', () => {
	it('are English, Spanish, Portuguese (Brazil) and Italian, English first', () => {
		expect(LOCALES).toEqual(['en', 'es', 'pt', 'it']);
		expect(LOCALE_TAGS).toEqual({ en: 'en', es: 'es', pt: 'pt-BR', it: 'it' });
	});

	it('refuse anything else', () => {
		for (const value of ['pt-BR', 'PT', 'fr', '', null, 1, {}, 'toString', '__proto__']) expect(isLocale(value)).toBe(false);
		for (const value of LOCALES) expect(isLocale(value)).toBe(true);
	});

	it('the CantDo texts cover the same languages (a type-level check)', () => {
		const asCantDo: CantDoLocale[] = [...LOCALES];
		const back: Locale[] = Object.keys(CANT_DO_TEXTS) as CantDoLocale[];
		expect(back).toEqual(asCantDo);
	});
});
