// The message template store on a real SQLite file (issue 17): the migration seeds the former
// built-in templates in all four languages; create, change and delete each write their audit
// entry in the same transaction; refused input (empty name, too long, unknown placeholder)
// names its field and stores nothing; a failed audit write leaves no change behind.
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';
import { Refusal } from '../../../../src/lib/server/errors.ts';
import { createMessageTemplate, deleteMessageTemplate, updateMessageTemplate } from '../../../../src/lib/server/templates/template-commands.ts';
import { parseTemplateInput } from '../../../../src/lib/server/templates/template-input.ts';
import { listMessageTemplates } from '../../../../src/lib/server/templates/template-store.ts';
import { LOCALES } from '../../../../src/lib/i18n/locales.ts';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';

const actor = systemActor('system');
const open: OpenDatabase[] = [];
afterEach(async () => {
	for (const db of open.splice(0)) await db.close();
});

function world() {
	const database = openTestDatabase();
	open.push(database);
	return { db: database.db, services: { db: database.db } };
}

const input = (over: Record<string, string> = {}) => ({ name_en: 'Reminder', body_en: 'Order {order_id}: please answer.', name_es: 'Recordatorio', body_es: 'Orden {order_id}: por favor, responda.', ...over });

function refusalOf(work: () => unknown): { key: string; field: string | null } | 'accepted' {
	try {
		work();
	} catch (error) {
		if (error instanceof Refusal) return { key: error.messageKey, field: error.field };
		throw error;
	}
	return 'accepted';
}

describe('message templates', () => {
	it('ship the former built-in templates with a name and a text in every language', async () => {
		const { db } = world();
		const templates = await listMessageTemplates(db);
		expect(templates.map((t) => t.names.en)).toEqual(['Introduce yourself', 'Ask for proof of payment', 'Ask for the chat key', 'Ask for a bank statement', 'Answer before the deadline', 'Closing notice']);
		for (const template of templates) for (const locale of LOCALES) expect(template.names[locale] !== '' && template.bodies[locale] !== '', `${template.names.en} · ${locale}`).toBe(true);
		expect(templates[1]!.bodies.es).toContain('{fiat}');
		expect(await db.selectFrom('audit_log').select('id').execute()).toEqual([]);
	});

	it('audits create, change and delete with the change, without the bodies', async () => {
		const { db, services } = world();
		const id = await createMessageTemplate(services, actor, null, parseTemplateInput(input()));
		expect((await listMessageTemplates(db)).at(-1)).toMatchObject({ id, names: { en: 'Reminder', es: 'Recordatorio', pt: '', it: '' }, bodies: { en: 'Order {order_id}: please answer.', pt: '' } });

		await updateMessageTemplate(services, actor, id, parseTemplateInput(input({ body_es: 'Orden {order_id}: responda antes de {deadline}.' })));
		expect((await listMessageTemplates(db)).at(-1)!.bodies.es).toBe('Orden {order_id}: responda antes de {deadline}.');
		await deleteMessageTemplate(services, actor, id);
		expect((await listMessageTemplates(db)).some((t) => t.id === id)).toBe(false);
		await expect(deleteMessageTemplate(services, actor, id)).rejects.toMatchObject({ messageKey: 'templates.error.not_found' });

		const audit = await db.selectFrom('audit_log').select(['action', 'subject', 'details']).orderBy('id').execute();
		expect(audit.map((row) => row.action)).toEqual(['template.created', 'template.changed', 'template.deleted']);
		expect(audit.every((row) => row.subject === `template:${id}` && !row.details.includes('responda'))).toBe(true);
		expect(JSON.parse(audit[1]!.details)).toMatchObject({ changedBodies: ['es'], languages: ['en', 'es'] });
	});

	it('refuses an empty name, a text too long and an unknown placeholder, naming the field, and stores nothing', async () => {
		const { db } = world();
		const before = await listMessageTemplates(db);
		expect(refusalOf(() => parseTemplateInput(input({ name_en: '  ', name_es: '' })))).toEqual({ key: 'templates.error.name_empty', field: 'name_en' });
		expect(refusalOf(() => parseTemplateInput(input({ body_pt: 'x'.repeat(2001) })))).toEqual({ key: 'templates.error.body_long', field: 'body_pt' });
		expect(refusalOf(() => parseTemplateInput(input({ body_it: 'Ciao {nome}, ordine {order_id}' })))).toEqual({ key: 'templates.error.placeholder', field: 'body_it' });
		expect(refusalOf(() => parseTemplateInput({ name_en: 'No text' }))).toEqual({ key: 'templates.error.body_empty', field: 'body_en' });
		expect(refusalOf(() => parseTemplateInput(input({ body_en: 'x'.repeat(2000) })))).toBe('accepted');
		expect(await listMessageTemplates(db)).toEqual(before);
	});

	it('keeps no change when the audit entry cannot be written (one transaction)', async () => {
		const { db, services } = world();
		const before = await listMessageTemplates(db);
		await db.schema.dropTable('audit_log').execute();
		await expect(createMessageTemplate(services, actor, null, parseTemplateInput(input()))).rejects.toThrow();
		await expect(updateMessageTemplate(services, actor, before[0]!.id, parseTemplateInput(input()))).rejects.toThrow();
		expect(await listMessageTemplates(db)).toEqual(before);
	});
});
