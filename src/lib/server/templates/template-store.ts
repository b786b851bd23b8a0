// The message templates operators keep on Settings -> Templates and the composer offers (issue 17
// "Templates in the party's language"): the one module that reads and writes
// `message_templates`, returning camelCase domain types with a name and a body per language.
// Never checks input (template-input.ts does) and never audits (template-commands.ts does).
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../db/index.ts';
import type { MessageTemplatesTable } from '../db/schema.ts';
import type { Locale } from '../../i18n/locales.ts';

export type PerLanguage = Record<Locale, string>;

export interface MessageTemplate {
	id: number;
	names: PerLanguage;
	bodies: PerLanguage;
	createdAt: number;
	updatedAt: number;
}

export interface TemplateFields {
	names: PerLanguage;
	bodies: PerLanguage;
}

function templateOf(row: Selectable<MessageTemplatesTable>): MessageTemplate {
	return {
		id: row.id,
		names: { en: row.name_en, es: row.name_es, pt: row.name_pt, it: row.name_it },
		bodies: { en: row.body_en, es: row.body_es, pt: row.body_pt, it: row.body_it },
		createdAt: row.created_at,
		updatedAt: row.updated_at
	};
}

function columnsOf(fields: TemplateFields) {
	const { names, bodies } = fields;
	return { name_en: names.en, name_es: names.es, name_pt: names.pt, name_it: names.it, body_en: bodies.en, body_es: bodies.es, body_pt: bodies.pt, body_it: bodies.it };
}

/** Every template, oldest first (the shipped defaults, then the ones operators added). */
export async function listMessageTemplates(db: Db | Tx): Promise<MessageTemplate[]> {
	const rows = await db.selectFrom('message_templates').selectAll().orderBy('id').execute();
	return rows.map(templateOf);
}

export async function getMessageTemplate(db: Db | Tx, id: number): Promise<MessageTemplate | null> {
	const row = await db.selectFrom('message_templates').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? templateOf(row) : null;
}

export async function insertMessageTemplate(tx: Tx, fields: TemplateFields, now: number): Promise<number> {
	const inserted = await tx
		.insertInto('message_templates')
		.values({ ...columnsOf(fields), created_at: now, updated_at: now })
		.returning('id')
		.executeTakeFirstOrThrow();
	return inserted.id;
}

export async function updateMessageTemplateRow(tx: Tx, id: number, fields: TemplateFields, now: number): Promise<void> {
	await tx
		.updateTable('message_templates')
		.set({ ...columnsOf(fields), updated_at: now })
		.where('id', '=', id)
		.execute();
}

export async function deleteMessageTemplateRow(tx: Tx, id: number): Promise<void> {
	await tx.deleteFrom('message_templates').where('id', '=', id).execute();
}
