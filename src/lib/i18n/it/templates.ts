// Testi in italiano: modelli di messaggio nelle Impostazioni e la lingua dell'editor (stesse chiavi di en/templates.ts).
import type { templatesEn } from '../en/templates.ts';

export const templatesIt: Record<keyof typeof templatesEn, string> = {
	'templates.link': 'Modelli di messaggio per la chat',
	'templates.title': 'Modelli di messaggio',
	'templates.intro':
		'I mediatori li scelgono mentre scrivono in chat. Ogni modello ha un nome e un testo in ciascuna lingua; l’editor propone il testo nella lingua in cui scrive la parte, e il mediatore può cambiarla. Una lingua lasciata vuota ripiega sull’inglese.',
	'templates.placeholders': 'Segnaposto compilati dal caso: {order_id} (id dell’ordine), {amount} (sats in deposito), {fiat} (importo e valuta fiat), {deadline} (quando scade il deposito).',
	'templates.template': 'Modello {id}',
	'templates.add': 'Aggiungi un modello',
	'templates.name': 'Nome ({language})',
	'templates.body': 'Testo ({language})',
	'templates.save': 'Salva modello',
	'templates.create': 'Aggiungi modello',
	'templates.delete': 'Elimina modello',
	'templates.saved': 'Modello salvato.',
	'templates.created': 'Modello aggiunto.',
	'templates.deleted': 'Modello eliminato.',
	'templates.none': 'Ancora nessun modello: la chat non ne propone finché non se ne aggiunge uno.',
	'templates.error.name_empty': 'Dai un nome al modello in almeno una lingua.',
	'templates.error.name_long': 'Un nome può avere al massimo {max} caratteri.',
	'templates.error.body_empty': 'Scrivi il testo in almeno una lingua.',
	'templates.error.body_long': 'Il testo ha {length} caratteri; ne sono ammessi al massimo {max}.',
	'templates.error.placeholder': '{name} non è un segnaposto. Usa solo {known}.',
	'templates.error.not_found': 'Quel modello non esiste più.',
	'chat.template_language': 'Lingua del messaggio',
	'chat.template_language_detected': '{language} (rilevato)'
};
