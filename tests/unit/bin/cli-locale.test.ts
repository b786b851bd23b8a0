// The command line's language: --lang first, then LC_ALL, LC_MESSAGES, LANG (POSIX order), then
// English; and the messages it prints in each language.
import { describe, expect, it } from 'vitest';
import { localeFromTag, pickCliLocale } from '../../../bin/cli-locale.ts';
import { cliText } from '../../../bin/cli-messages.ts';
import { ENGLISH_REPORT_PHRASES, formatBundleReport, type ReportPhrase } from '../../../src/lib/server/evidence/bundle-report.ts';

describe('pickCliLocale', () => {
	const CASES: ReadonlyArray<readonly [argv: string[], env: Record<string, string>, locale: string, rest: string[], why: string]> = [
		[['help'], {}, 'en', ['help'], 'nothing set: English'],
		[['help'], { LANG: 'pt_BR.UTF-8' }, 'pt', ['help'], 'LANG with a region and a charset'],
		[['help'], { LANG: 'it_IT@euro' }, 'it', ['help'], 'LANG with a modifier'],
		[['help'], { LANG: 'es_AR.UTF-8', LC_MESSAGES: 'it_IT.UTF-8' }, 'it', ['help'], 'LC_MESSAGES beats LANG'],
		[['help'], { LC_MESSAGES: 'it_IT.UTF-8', LC_ALL: 'pt_PT.UTF-8' }, 'pt', ['help'], 'LC_ALL beats LC_MESSAGES'],
		[['help'], { LC_ALL: 'C', LANG: 'es_ES.UTF-8' }, 'en', ['help'], 'LC_ALL=C means English even with LANG set'],
		[['help'], { LC_ALL: '', LANG: 'es_ES.UTF-8' }, 'es', ['help'], 'an empty variable does not count'],
		[['help'], { LANG: 'fr_FR.UTF-8' }, 'en', ['help'], 'an unsupported language: English'],
		[['--lang', 'it', 'help'], { LANG: 'pt_BR.UTF-8' }, 'it', ['help'], '--lang beats the environment'],
		[['audit', 'verify', '--lang=pt-BR', 'file.jsonl'], {}, 'pt', ['audit', 'verify', 'file.jsonl'], '--lang=tag anywhere, removed from argv'],
		[['--lang', 'xx', 'help'], { LANG: 'es_ES' }, 'es', ['help'], 'an unknown --lang falls back to the environment'],
		[['--lang'], {}, 'en', [], 'a --lang without value']
	];
	for (const [argv, env, locale, rest, why] of CASES) {
		it(why, () => {
			expect(pickCliLocale(argv, env)).toEqual({ locale, rest });
		});
	}

	it('reads tags and POSIX locales alike', () => {
		expect(localeFromTag('pt-BR')).toBe('pt');
		expect(localeFromTag('IT')).toBe('it');
		expect(localeFromTag('POSIX')).toBeNull();
		expect(localeFromTag(undefined)).toBeNull();
	});
});

describe('cliText', () => {
	it('fills placeholders in each language', () => {
		expect(cliText('en', 'user_add.password', { password: 'x1' })).toBe('One-time password (must be changed at first sign-in): x1');
		expect(cliText('pt', 'unknown_command', { command: 'nope' })).toBe('Comando desconhecido: nope');
		expect(cliText('it', 'error', { message: 'boom' })).toBe('errore: boom');
		expect(cliText('es', 'help')).toMatch(/^Uso: mostro-mediator/);
	});
});

describe('the evidence report through the command line dictionary', () => {
	it('has the report module English sentences and prints them in Italian', () => {
		for (const [phrase, english] of Object.entries(ENGLISH_REPORT_PHRASES)) expect(cliText('en', `evidence.report.${phrase as ReportPhrase}`)).toBe(english);
		const lines = formatBundleReport({ ok: true, problems: [], signer: 'ab', disputeId: 'd-1', events: [], files: [], notes: null }, (phrase, params) => cliText('it', `evidence.report.${phrase}`, params));
		expect(lines).toEqual(['disputa d-1 — manifesto firmato da ab', 'VERIFICATO: 0 messaggi accettati, 0 eventi rifiutati, tutti i verdetti riprodotti.']);
	});
});
