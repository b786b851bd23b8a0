// Which of the console's four languages a party writes in (issue 17 "Templates in the party's
// language"), guessed from their chat messages by scoring common short words (articles,
// pronouns, greetings, the words of a payment dispute) for en, es, pt and it. Pure and small on
// purpose: it only picks which template body the composer offers first, the mediator can always
// switch. Answers null when the party has not written or the text is too short or too mixed to
// tell; it must never guess from a single shared word.
import type { Locale } from '../i18n/locales.ts';

const WORDS: Readonly<Record<Locale, readonly string[]>> = {
	en: 'the and is are i you to of my it not have has was were this that for with please thanks thank hello hi sent paid payment received yes what did do does nothing yet seller buyer here your will can money bank from'.split(' '),
	es: 'el la los las que de y es un una por para con no mi mis pero gracias hola yo he ha está estoy pago envié llegó nada muy del al lo su ya aquí cuenta también como más porque todavía hay esto eso usted ningún tengo vendedor comprador dinero banco libero'.split(
		' '
	),
	pt: 'o os as que de e é um uma do da dos das não em no na meu minha obrigado obrigada olá oi eu você foi está estou pagamento enviei chegou nada muito aqui conta também mais porque ainda há isso já nenhum tenho vendedor comprador dinheiro banco libero'.split(
		' '
	),
	it: 'il lo la i gli le che di e è un una per con non mio mia grazie ciao salve io ho ha sono pagamento inviato arrivato niente molto qui conto anche più perché ancora questo del della nessun venditore acquirente soldi banca'.split(' ')
};

const LOOKUP: ReadonlyMap<string, readonly Locale[]> = (() => {
	const map = new Map<string, Locale[]>();
	for (const [locale, words] of Object.entries(WORDS) as Array<[Locale, readonly string[]]>) for (const word of words) map.set(word, [...(map.get(word) ?? []), locale]);
	return map;
})();

/** A word of one language only weighs more than one the languages share. */
const weightOf = (languages: number) => (languages === 1 ? 2 : 1);

/** At least this score, and this much ahead of the runner-up, before the answer is trusted. */
const MIN_SCORE = 4;
const MIN_LEAD = 3;

export type LanguageScores = Record<Locale, number>;

export function scoreLanguages(texts: readonly string[]): LanguageScores {
	const scores: LanguageScores = { en: 0, es: 0, pt: 0, it: 0 };
	for (const text of texts) {
		for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
			const languages = LOOKUP.get(word);
			if (!languages) continue;
			for (const locale of languages) scores[locale] += weightOf(languages.length);
		}
	}
	return scores;
}

/** The language the texts are written in, or null when unsure. */
export function detectLanguage(texts: readonly string[]): Locale | null {
	const ranked = (Object.entries(scoreLanguages(texts)) as Array<[Locale, number]>).sort((a, b) => b[1] - a[1]);
	const [best, second] = [ranked[0]!, ranked[1]!];
	return best[1] >= MIN_SCORE && best[1] - second[1] >= MIN_LEAD ? best[0] : null;
}
