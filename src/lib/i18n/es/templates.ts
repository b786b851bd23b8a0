// Textos en español: plantillas de mensajes en Ajustes y el idioma del redactor (mismas claves que en/templates.ts).
import type { templatesEn } from '../en/templates.ts';

export const templatesEs: Record<keyof typeof templatesEn, string> = {
	'templates.link': 'Plantillas de mensajes para el chat',
	'templates.title': 'Plantillas de mensajes',
	'templates.intro':
		'Los mediadores las eligen al escribir en el chat. Cada plantilla tiene un nombre y un texto en cada idioma; el redactor ofrece el texto en el idioma en que escribe la parte, y el mediador puede cambiarlo. Un idioma vacío usa el inglés.',
	'templates.placeholders': 'Marcadores que se rellenan con el caso: {order_id} (id de la orden), {amount} (sats en depósito), {fiat} (importe y moneda fiat), {deadline} (cuándo vence el depósito).',
	'templates.template': 'Plantilla {id}',
	'templates.add': 'Añadir una plantilla',
	'templates.name': 'Nombre ({language})',
	'templates.body': 'Texto ({language})',
	'templates.save': 'Guardar plantilla',
	'templates.create': 'Añadir plantilla',
	'templates.delete': 'Eliminar plantilla',
	'templates.saved': 'Plantilla guardada.',
	'templates.created': 'Plantilla añadida.',
	'templates.deleted': 'Plantilla eliminada.',
	'templates.none': 'Aún no hay plantillas: el chat no ofrecerá ninguna hasta que se añada una.',
	'templates.error.name_empty': 'Ponle un nombre a la plantilla en al menos un idioma.',
	'templates.error.name_long': 'Un nombre puede tener como máximo {max} caracteres.',
	'templates.error.body_empty': 'Escribe el texto en al menos un idioma.',
	'templates.error.body_long': 'El texto tiene {length} caracteres; se permiten como máximo {max}.',
	'templates.error.placeholder': '{name} no es un marcador. Usa solo {known}.',
	'templates.error.not_found': 'Esa plantilla ya no existe.',
	'chat.template_language': 'Idioma del mensaje',
	'chat.template_language_detected': '{language} (detectado)'
};
