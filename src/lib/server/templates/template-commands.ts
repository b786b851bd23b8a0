// What an operator does with message templates on Settings -> Templates (issue 17 "Templates in
// the party's language"): add one, change it, delete it. Each is a command (services, actor,
// subjectId, input) that writes its audit entry in the same transaction as the change; the
// route checks the `manage_settings` permission (operators only) before calling. Never stores
// input that parseTemplateInput has not checked.
import type { Db } from '../db/index.ts';
import type { Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { LOCALES } from '../../i18n/locales.ts';
import { deleteMessageTemplateRow, getMessageTemplate, insertMessageTemplate, updateMessageTemplateRow, type MessageTemplate, type TemplateFields } from './template-store.ts';

export interface TemplateServices {
	db: Db;
}

/** What the audit entry keeps: the names and which languages have a body (not the bodies). */
function auditDetails(fields: Pick<MessageTemplate, 'names' | 'bodies'>) {
	return { names: fields.names, languages: LOCALES.filter((locale) => fields.bodies[locale] !== '') };
}

export async function createMessageTemplate(services: TemplateServices, actor: Actor, _subjectId: null, input: TemplateFields, now = Date.now()): Promise<number> {
	return services.db.transaction().execute(async (tx) => {
		const id = await insertMessageTemplate(tx, input, now);
		await appendAudit(tx, actor, { action: 'template.created', subject: `template:${id}`, details: auditDetails(input), at: now });
		return id;
	});
}

export async function updateMessageTemplate(services: TemplateServices, actor: Actor, templateId: number, input: TemplateFields, now = Date.now()): Promise<void> {
	await services.db.transaction().execute(async (tx) => {
		const before = await getMessageTemplate(tx, templateId);
		if (!before) throw new Refusal('not_found', 'templates.error.not_found');
		await updateMessageTemplateRow(tx, templateId, input, now);
		const changed = LOCALES.filter((locale) => before.bodies[locale] !== input.bodies[locale]);
		await appendAudit(tx, actor, { action: 'template.changed', subject: `template:${templateId}`, details: { ...auditDetails(input), changedBodies: changed }, at: now });
	});
}

export async function deleteMessageTemplate(services: TemplateServices, actor: Actor, templateId: number, now = Date.now()): Promise<void> {
	await services.db.transaction().execute(async (tx) => {
		const template = await getMessageTemplate(tx, templateId);
		if (!template) throw new Refusal('not_found', 'templates.error.not_found');
		await deleteMessageTemplateRow(tx, templateId);
		await appendAudit(tx, actor, { action: 'template.deleted', subject: `template:${templateId}`, details: auditDetails(template), at: now });
	});
}
