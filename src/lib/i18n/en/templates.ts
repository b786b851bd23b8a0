// English texts for message templates: Settings -> Templates and the composer's language choice (issue 17).
export const templatesEn = {
	'templates.link': 'Message templates for the chat composer',
	'templates.title': 'Message templates',
	'templates.intro':
		'Mediators pick these in the chat composer. Each template has a name and a text in every language; the composer offers the text in the language the party writes in, and the mediator can switch. A language left empty falls back to English.',
	'templates.placeholders': 'Placeholders filled from the case: {order_id} (order id), {amount} (sats in escrow), {fiat} (fiat amount and currency), {deadline} (when the escrow runs out).',
	'templates.template': 'Template {id}',
	'templates.add': 'Add a template',
	'templates.name': 'Name ({language})',
	'templates.body': 'Text ({language})',
	'templates.save': 'Save template',
	'templates.create': 'Add template',
	'templates.delete': 'Delete template',
	'templates.saved': 'Template saved.',
	'templates.created': 'Template added.',
	'templates.deleted': 'Template deleted.',
	'templates.none': 'No templates yet: the composer offers none until one is added.',
	'templates.error.name_empty': 'Give the template a name in at least one language.',
	'templates.error.name_long': 'A name can be at most {max} characters.',
	'templates.error.body_empty': 'Write the text in at least one language.',
	'templates.error.body_long': 'The text is {length} characters; at most {max} are allowed.',
	'templates.error.placeholder': '{name} is not a placeholder. Use only {known}.',
	'templates.error.not_found': 'That template no longer exists.',
	'chat.template_language': 'Message language',
	'chat.template_language_detected': '{language} (detected)'
} as const;
