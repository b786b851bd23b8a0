// Checks what an operator typed for a message template (issue 17 "Templates in the party's
// language"): a name in at least one language, each name and body within its length, and no
// `{placeholder}` other than the known ones. Shared by the Settings page action (and any later
// API). Refuses with a typed error naming the field (`name`, `body_<locale>`) so the form can
// show it beside that field; never trims or rewrites a body.
import { Refusal } from '../errors.ts';
import { LOCALES, type Locale } from '../../i18n/locales.ts';
import { BODY_MAX, NAME_MAX, PLACEHOLDERS, unknownPlaceholders } from '../../templates/template-text.ts';
import type { PerLanguage, TemplateFields } from './template-store.ts';

function textOf(value: unknown): string {
	return typeof value === 'string' ? value.replace(/\r\n/g, '\n') : '';
}

/** `raw` holds `name_<locale>` and `body_<locale>` for each of the four languages. */
export function parseTemplateInput(raw: Record<string, unknown>): TemplateFields {
	const names = {} as PerLanguage;
	const bodies = {} as PerLanguage;
	for (const locale of LOCALES) {
		names[locale] = textOf(raw[`name_${locale}`]).trim();
		if (names[locale].length > NAME_MAX) throw new Refusal('invalid_input', 'templates.error.name_long', { field: `name_${locale}`, params: { max: NAME_MAX } });
	}
	if (LOCALES.every((locale) => names[locale] === '')) throw new Refusal('invalid_input', 'templates.error.name_empty', { field: 'name_en' });
	for (const locale of LOCALES) bodies[locale] = checkedBody(locale, textOf(raw[`body_${locale}`]));
	if (LOCALES.every((locale) => bodies[locale].trim() === '')) throw new Refusal('invalid_input', 'templates.error.body_empty', { field: 'body_en' });
	return { names, bodies };
}

function checkedBody(locale: Locale, body: string): string {
	const field = `body_${locale}`;
	if (body.length > BODY_MAX) throw new Refusal('invalid_input', 'templates.error.body_long', { field, params: { max: BODY_MAX, length: body.length } });
	const unknown = unknownPlaceholders(body);
	if (unknown.length > 0) throw new Refusal('invalid_input', 'templates.error.placeholder', { field, params: { name: `{${unknown[0]}}`, known: PLACEHOLDERS.map((p) => `{${p}}`).join(', ') } });
	return body.trim() === '' ? '' : body;
}

/** The id in a form's hidden `id` field. */
export function parseTemplateId(raw: unknown): number {
	const id = typeof raw === 'string' ? Number(raw) : NaN;
	if (!Number.isSafeInteger(id) || id <= 0) throw new Refusal('not_found', 'templates.error.not_found');
	return id;
}
