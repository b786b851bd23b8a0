// Textos em português (Brasil): modelos de mensagem em Configurações e o idioma do editor (mesmas chaves que en/templates.ts).
import type { templatesEn } from '../en/templates.ts';

export const templatesPt: Record<keyof typeof templatesEn, string> = {
	'templates.link': 'Modelos de mensagem para o chat',
	'templates.title': 'Modelos de mensagem',
	'templates.intro':
		'Os mediadores escolhem estes modelos ao escrever no chat. Cada modelo tem um nome e um texto em cada idioma; o editor oferece o texto no idioma em que a parte escreve, e o mediador pode trocar. Um idioma deixado em branco usa o inglês.',
	'templates.placeholders': 'Marcadores preenchidos com os dados do caso: {order_id} (id da ordem), {amount} (sats em custódia), {fiat} (valor e moeda fiat), {deadline} (quando a custódia vence).',
	'templates.template': 'Modelo {id}',
	'templates.add': 'Adicionar um modelo',
	'templates.name': 'Nome ({language})',
	'templates.body': 'Texto ({language})',
	'templates.save': 'Salvar modelo',
	'templates.create': 'Adicionar modelo',
	'templates.delete': 'Excluir modelo',
	'templates.saved': 'Modelo salvo.',
	'templates.created': 'Modelo adicionado.',
	'templates.deleted': 'Modelo excluído.',
	'templates.none': 'Ainda não há modelos: o chat não oferece nenhum até que um seja adicionado.',
	'templates.error.name_empty': 'Dê um nome ao modelo em pelo menos um idioma.',
	'templates.error.name_long': 'Um nome pode ter no máximo {max} caracteres.',
	'templates.error.body_empty': 'Escreva o texto em pelo menos um idioma.',
	'templates.error.body_long': 'O texto tem {length} caracteres; o máximo permitido é {max}.',
	'templates.error.placeholder': '{name} não é um marcador. Use apenas {known}.',
	'templates.error.not_found': 'Esse modelo não existe mais.',
	'chat.template_language': 'Idioma da mensagem',
	'chat.template_language_detected': '{language} (detectado)'
};
