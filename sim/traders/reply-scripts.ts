// Scripted lines of the simulated traders in English and Spanish: what a party says in the
// trade chat before a dispute and how it answers a solver in the dispute chat, plus the
// documented trigger phrases that classify a solver's message (PROTOCOL.md §5.4, §5.5).
// Pure text; choices are deterministic with the seed. Must never contain a secret except where
// the caller passes the disclosed key into `disclosure`.
import { pickSeeded } from './trader-keys.ts';

export type Language = 'en' | 'es';
export type Role = 'buyer' | 'seller';
export type Persona = 'honest' | 'scammer';
export type OrderFacts = { fiatAmount: number; fiatCode: string; paymentMethod: string; reference: string };

/**
 * A solver message containing any of these (case- and accent-insensitive) is a request for the
 * party's chat key: the trader answers with the disclosure text holding a 64-hex secret.
 */
export const CHAT_KEY_TRIGGERS = ['chat key', 'clave del chat', 'shared key', 'clave compartida'] as const;

/** A solver message containing any of these asks for evidence: the trader sends attachments. */
export const PROOF_TRIGGERS = ['proof', 'screenshot', 'receipt', 'comprobante', 'captura', 'prueba'] as const;

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
	es: ['Hola, gracias por tomar mi caso.', '¡Hola! Gracias por revisar esto.']
};

function statements(lang: Language, role: Role, persona: Persona, f: OrderFacts): string[] {
	const amount = `${f.fiatAmount} ${f.fiatCode}`;
	if (role === 'buyer') {
		return lang === 'en'
			? [`I sent ${amount} by ${f.paymentMethod}, reference ${f.reference}. The seller has not released.`, `Payment of ${amount} went out by ${f.paymentMethod} (ref ${f.reference}); I marked fiat sent.`]
			: [`Envié ${amount} por ${f.paymentMethod}, referencia ${f.reference}. El vendedor no ha liberado.`, `El pago de ${amount} salió por ${f.paymentMethod} (ref ${f.reference}); marqué fiat enviado.`];
	}
	if (persona === 'scammer') {
		return lang === 'en'
			? ['Nothing arrived. The buyer is lying, that receipt is fake.', 'I never got any money, cancel this order.']
			: ['No llegó nada. El comprador miente, ese comprobante es falso.', 'Nunca recibí el dinero, cancelen esta orden.'];
	}
	return lang === 'en'
		? [`I checked my ${f.paymentMethod} account: no payment of ${amount} with reference ${f.reference} has arrived.`, `My statement shows no incoming ${amount}. I will release as soon as it arrives.`]
		: [`Revisé mi cuenta de ${f.paymentMethod}: no ha llegado ningún pago de ${amount} con referencia ${f.reference}.`, `Mi extracto no muestra ${amount} entrantes. Libero en cuanto llegue.`];
}

export function greetingLine(lang: Language, seed: string, label: string): string {
	return pickSeeded(seed, `greeting ${label}`, GREETINGS[lang]);
}

export function statementLine(lang: Language, role: Role, persona: Persona, f: OrderFacts, seed: string, label: string): string {
	return pickSeeded(seed, `statement ${label}`, statements(lang, role, persona, f));
}

/** The disclosure text; `secretHex` is K_conv or the raw ECDH secret of the trade chat. */
export function disclosureLine(lang: Language, role: Role, secretHex: string): string {
	const peer = role === 'buyer' ? (lang === 'en' ? 'the seller' : 'el vendedor') : lang === 'en' ? 'the buyer' : 'el comprador';
	return lang === 'en' ? `Here is the shared key of my chat with ${peer}: ${secretHex}` : `Aquí está la clave compartida de mi chat con ${peer}: ${secretHex}`;
}

export function proofIntroLine(lang: Language, role: Role): string {
	if (role === 'buyer') return lang === 'en' ? 'Here is my proof of payment.' : 'Aquí está mi comprobante de pago.';
	return lang === 'en' ? 'Here is my bank statement.' : 'Aquí está mi extracto bancario.';
}

/** Buyer⇄seller messages before the dispute, alternating from the buyer. */
export function tradeChatLines(lang: Language, f: OrderFacts): Array<{ from: Role; text: string }> {
	const amount = `${f.fiatAmount} ${f.fiatCode}`;
	return lang === 'en'
		? [
				{ from: 'buyer', text: `Hi, I am paying ${amount} by ${f.paymentMethod} now.` },
				{ from: 'seller', text: `OK, use reference ${f.reference} please.` },
				{ from: 'buyer', text: 'Done, sent. Screenshot attached next.' },
				{ from: 'seller', text: 'I do not see anything yet.' }
			]
		: [
				{ from: 'buyer', text: `Hola, estoy pagando ${amount} por ${f.paymentMethod} ahora.` },
				{ from: 'seller', text: `Vale, usa la referencia ${f.reference} por favor.` },
				{ from: 'buyer', text: 'Listo, enviado. Ahora mando la captura.' },
				{ from: 'seller', text: 'Todavía no veo nada.' }
			];
}
