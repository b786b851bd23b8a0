// Scripted lines of the simulated traders in English, Spanish and Portuguese (Brazil): what a party says in the
// trade chat before a dispute and how it answers a solver in the dispute chat, plus the
// documented trigger phrases that classify a solver's message (PROTOCOL.md §5.4, §5.5).
// Pure text; choices are deterministic with the seed. Must never contain a secret except where
// the caller passes the disclosed key into `disclosure`.
import { pickSeeded } from './trader-keys.ts';

export type Language = 'en' | 'es' | 'pt';
export type Role = 'buyer' | 'seller';
export type Persona = 'honest' | 'scammer';
export type OrderFacts = { fiatAmount: number; fiatCode: string; paymentMethod: string; reference: string };

/**
 * A solver message containing any of these (case- and accent-insensitive) is a request for the
 * party's chat key: the trader answers with the disclosure text holding a 64-hex secret.
 */
export const CHAT_KEY_TRIGGERS = ['chat key', 'clave del chat', 'shared key', 'clave compartida', 'chave do chat', 'chave compartilhada', 'chiave della chat', 'chiave condivisa'] as const;

/** A solver message containing any of these asks for evidence: the trader sends attachments. */
export const PROOF_TRIGGERS = ['proof', 'screenshot', 'receipt', 'comprobante', 'captura', 'prueba', 'comprovante', 'recibo', 'prova', 'ricevuta'] as const;

export type SolverAsk = 'chat-key' | 'proof' | 'other';

const fold = (s: string): string =>
	s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();

export function classifySolverMessage(text: string): SolverAsk {
	const t = fold(text);
	if (CHAT_KEY_TRIGGERS.some((k) => t.includes(k))) return 'chat-key';
	if (PROOF_TRIGGERS.some((k) => t.includes(k))) return 'proof';
	return 'other';
}

const GREETINGS: Record<Language, string[]> = {
	en: ['Hello, thanks for taking my case.', 'Hi! Thank you for looking into this.'],
	es: ['Hola, gracias por tomar mi caso.', '¡Hola! Gracias por revisar esto.'],
	pt: ['Olá, obrigado por pegar o meu caso.', 'Oi! Obrigada por olhar isso.']
};

function statements(lang: Language, role: Role, persona: Persona, f: OrderFacts): string[] {
	const amount = `${f.fiatAmount} ${f.fiatCode}`;
	if (role === 'buyer') {
		return {
			en: [`I sent ${amount} by ${f.paymentMethod}, reference ${f.reference}. The seller has not released.`, `Payment of ${amount} went out by ${f.paymentMethod} (ref ${f.reference}); I marked fiat sent.`],
			es: [`Envié ${amount} por ${f.paymentMethod}, referencia ${f.reference}. El vendedor no ha liberado.`, `El pago de ${amount} salió por ${f.paymentMethod} (ref ${f.reference}); marqué fiat enviado.`],
			pt: [`Enviei ${amount} por ${f.paymentMethod}, referência ${f.reference}. O vendedor ainda não liberou.`, `O pagamento de ${amount} saiu por ${f.paymentMethod} (ref ${f.reference}); marquei fiat enviado.`]
		}[lang];
	}
	if (persona === 'scammer') {
		return {
			en: ['Nothing arrived. The buyer is lying, that receipt is fake.', 'I never got any money, cancel this order.'],
			es: ['No llegó nada. El comprador miente, ese comprobante es falso.', 'Nunca recibí el dinero, cancelen esta orden.'],
			pt: ['Não chegou nada. O comprador está mentindo, esse comprovante é falso.', 'Eu nunca recebi o dinheiro, cancelem esta ordem.']
		}[lang];
	}
	return {
		en: [`I checked my ${f.paymentMethod} account: no payment of ${amount} with reference ${f.reference} has arrived.`, `My statement shows no incoming ${amount}. I will release as soon as it arrives.`],
		es: [`Revisé mi cuenta de ${f.paymentMethod}: no ha llegado ningún pago de ${amount} con referencia ${f.reference}.`, `Mi extracto no muestra ${amount} entrantes. Libero en cuanto llegue.`],
		pt: [`Conferi a minha conta ${f.paymentMethod}: não chegou nenhum pagamento de ${amount} com a referência ${f.reference}.`, `O meu extrato não mostra a entrada de ${amount}. Libero assim que chegar.`]
	}[lang];
}

export function greetingLine(lang: Language, seed: string, label: string): string {
	return pickSeeded(seed, `greeting ${label}`, GREETINGS[lang]);
}

export function statementLine(lang: Language, role: Role, persona: Persona, f: OrderFacts, seed: string, label: string): string {
	return pickSeeded(seed, `statement ${label}`, statements(lang, role, persona, f));
}

/** The disclosure text; `secretHex` is K_conv or the raw ECDH secret of the trade chat. */
export function disclosureLine(lang: Language, role: Role, secretHex: string): string {
	const seller = role === 'buyer';
	return {
		en: `Here is the shared key of my chat with ${seller ? 'the seller' : 'the buyer'}: ${secretHex}`,
		es: `Aquí está la clave compartida de mi chat con ${seller ? 'el vendedor' : 'el comprador'}: ${secretHex}`,
		pt: `Aqui está a chave compartilhada do meu chat com ${seller ? 'o vendedor' : 'o comprador'}: ${secretHex}`
	}[lang];
}

export function proofIntroLine(lang: Language, role: Role): string {
	if (role === 'buyer') return { en: 'Here is my proof of payment.', es: 'Aquí está mi comprobante de pago.', pt: 'Aqui está o meu comprovante de pagamento.' }[lang];
	return { en: 'Here is my bank statement.', es: 'Aquí está mi extracto bancario.', pt: 'Aqui está o meu extrato bancário.' }[lang];
}

/** The title of the sample bank-statement PDF a trader attaches. */
export function statementTitle(lang: Language): string {
	return { en: 'Bank statement', es: 'Extracto bancario', pt: 'Extrato bancário' }[lang];
}

/** What a scamming seller tells the buyer in the trade chat. */
export function reversalLine(lang: Language): string {
	return { en: 'Your bank reversed the transfer, check your email.', es: 'Tu banco revirtió la transferencia, revisa tu correo.', pt: 'O seu banco estornou a transferência, confira o seu e-mail.' }[lang];
}

/** Buyer⇄seller messages before the dispute, alternating from the buyer. */
export function tradeChatLines(lang: Language, f: OrderFacts): Array<{ from: Role; text: string }> {
	const amount = `${f.fiatAmount} ${f.fiatCode}`;
	const lines: Record<Language, [string, string, string, string]> = {
		en: [`Hi, I am paying ${amount} by ${f.paymentMethod} now.`, `OK, use reference ${f.reference} please.`, 'Done, sent. Screenshot attached next.', 'I do not see anything yet.'],
		es: [`Hola, estoy pagando ${amount} por ${f.paymentMethod} ahora.`, `Vale, usa la referencia ${f.reference} por favor.`, 'Listo, enviado. Ahora mando la captura.', 'Todavía no veo nada.'],
		pt: [`Oi, estou pagando ${amount} por ${f.paymentMethod} agora.`, `Certo, use a referência ${f.reference}, por favor.`, 'Pronto, enviado. Já mando o print.', 'Ainda não vejo nada.']
	};
	const [a, b, c, d] = lines[lang];
	return [
		{ from: 'buyer', text: a },
		{ from: 'seller', text: b },
		{ from: 'buyer', text: c },
		{ from: 'seller', text: d }
	];
}
