// Picks the language of the command line's messages: a `--lang <code>` (or `--lang=<code>`)
// option anywhere before the command's own options wins, then the POSIX locale variables in
// their order of precedence (LC_ALL, LC_MESSAGES, LANG; "pt_BR.UTF-8" means Portuguese),
// then English. Never throws; an unknown language falls back to English.
import { isLocale, type Locale } from '../src/lib/i18n/locales.ts';

/** The console language a POSIX locale or language tag names ("it_IT.UTF-8", "pt-BR", "es"), or null. */
export function localeFromTag(tag: string | undefined): Locale | null {
	if (!tag) return null;
	const base = tag
		.trim()
		.toLowerCase()
		.split(/[_.@-]/)[0];
	return isLocale(base) ? base : null;
}

/** Removes a `--lang` option from argv and returns the language it names, else the environment's. */
export function pickCliLocale(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): { locale: Locale; rest: string[] } {
	const rest: string[] = [];
	let flag: string | undefined;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] ?? '';
		if (arg === '--lang' && flag === undefined) {
			flag = argv[i + 1] ?? '';
			i++;
		} else if (arg.startsWith('--lang=') && flag === undefined) {
			flag = arg.slice('--lang='.length);
		} else {
			rest.push(arg);
		}
	}
	const fromEnv = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
	return { locale: localeFromTag(flag) ?? localeFromTag(fromEnv) ?? 'en', rest };
}
