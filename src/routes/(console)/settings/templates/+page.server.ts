import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireActor, requireUser } from '$lib/server/auth/guard';
import { formFields, toFailure } from '$lib/server/form-failure';
import { listMessageTemplates } from '$lib/server/templates/template-store';
import { parseTemplateId, parseTemplateInput } from '$lib/server/templates/template-input';
import { createMessageTemplate, deleteMessageTemplate, updateMessageTemplate } from '$lib/server/templates/template-commands';

/** What a refused form gets back: which form (`new` or the template id) and what was typed. */
function kept(fields: Record<string, unknown>) {
	const values: Record<string, string> = {};
	for (const [name, value] of Object.entries(fields)) if (/^(name|body)_(en|es|pt|it)$/.test(name) && typeof value === 'string') values[name] = value.slice(0, 10_000);
	return { formId: typeof fields.id === 'string' ? fields.id.slice(0, 20) : 'new', values };
}

/** `templates`: every message template with its name and text per language. */
export const load: PageServerLoad = async ({ locals }) => {
	requireUser(locals, 'manage_settings');
	return { templates: await listMessageTemplates(getRuntime().db) };
};

export const actions = {
	create: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const fields = formFields(await request.formData());
		try {
			return { created: await createMessageTemplate(getRuntime(), actor, null, parseTemplateInput(fields)) };
		} catch (error) {
			return toFailure(error, locals.locale, kept(fields));
		}
	},
	update: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const fields = formFields(await request.formData());
		try {
			const id = parseTemplateId(fields.id);
			await updateMessageTemplate(getRuntime(), actor, id, parseTemplateInput(fields));
			return { updated: id };
		} catch (error) {
			return toFailure(error, locals.locale, kept(fields));
		}
	},
	remove: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const fields = formFields(await request.formData());
		try {
			await deleteMessageTemplate(getRuntime(), actor, parseTemplateId(fields.id));
			return { deleted: true };
		} catch (error) {
			return toFailure(error, locals.locale, kept(fields));
		}
	}
} satisfies Actions;
