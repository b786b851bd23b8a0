// The party-language detector: real chat lines in each of the four languages are recognised,
// and it answers null (unsure) for no text, one shared word, a key, or an even mix.
import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../src/lib/templates/party-language.ts';

describe('detectLanguage', () => {
	it.each([
		['en', ['Hello, thanks for taking my case.', 'I sent 100 EUR by SEPA, reference X1. The seller has not released.']],
		['en', ['Nothing arrived. The buyer is lying, that receipt is fake.']],
		['es', ['Hola, gracias por tomar mi caso.']],
		['es', ['No llegó nada. El comprador miente, ese comprobante es falso.']],
		['es', ['Revisé mi cuenta de Bizum: no ha llegado ningún pago de 50 EUR con referencia R7.']],
		['pt', ['Olá, obrigado por pegar o meu caso.']],
		['pt', ['Não chegou nada. O comprador está mentindo, esse comprovante é falso.']],
		['pt', ['Enviei 200 BRL por PIX, referência A9. O vendedor ainda não liberou.']],
		['it', ['Ciao, grazie per aver preso il mio caso.']],
		['it', ['Non è arrivato niente. Il compratore mente, quella ricevuta è falsa.']],
		['it', ['Ho inviato 80 EUR con bonifico, riferimento Q2. Il venditore non ha ancora sbloccato.']]
	] as const)('recognises %s in %j', (language, texts) => {
		expect(detectLanguage(texts)).toBe(language);
	});

	it('is unsure without text, with one shared word, with only a key or with an even mix', () => {
		expect(detectLanguage([])).toBeNull();
		expect(detectLanguage([''])).toBeNull();
		expect(detectLanguage(['no'])).toBeNull();
		expect(detectLanguage(['ok'])).toBeNull();
		expect(detectLanguage(['a'.repeat(64)])).toBeNull();
		expect(detectLanguage(['Hello thanks', 'Hola gracias'])).toBeNull();
	});

	it('reads all the party wrote: a short greeting and a longer Spanish statement say Spanish', () => {
		expect(detectLanguage(['ok', 'Envié el pago por transferencia y el vendedor no ha liberado todavía.'])).toBe('es');
	});
});
