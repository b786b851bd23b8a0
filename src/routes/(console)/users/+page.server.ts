import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { translate } from '$lib/i18n';
import { getRuntime } from '$lib/server/runtime';
import { requireActor, requireUser } from '$lib/server/auth/guard';
import { isRole } from '$lib/access/access-rules';
import { listUsers } from '$lib/server/users/repository';
import { changeRole, createUser, resetPassword, setDisabled } from '$lib/server/users/accounts';
import { formText, toFailure } from '$lib/server/form-failure';

/** `users`: every console account (no password hashes or keys). */
export const load: PageServerLoad = async ({ locals }) => {
	requireUser(locals, 'manage_users');
	return { users: await listUsers(getRuntime().db) };
};

type Event = Parameters<Actions[string]>[0];

function parseUserId(data: FormData): number | null {
	const id = Number(formText(data, 'userId', 12));
	return Number.isSafeInteger(id) && id > 0 ? id : null;
}

function invalid(locale: App.Locals['locale']) {
	return fail(400, { problem: { code: 'invalid_input', message: translate(locale, 'error.invalid_input'), field: null } });
}

async function create({ request, locals }: Event) {
	const actor = requireActor(locals, 'manage_users');
	const data = await request.formData();
	const role = formText(data, 'role', 20);
	if (!isRole(role)) return invalid(locals.locale);
	try {
		const created = await createUser(getRuntime(), actor, null, { name: formText(data, 'name', 64), role });
		return { created: { name: formText(data, 'name', 64).trim(), oneTimePassword: created.oneTimePassword } };
	} catch (error) {
		return toFailure(error, locals.locale);
	}
}

async function role({ request, locals }: Event) {
	const actor = requireActor(locals, 'manage_users');
	const data = await request.formData();
	const userId = parseUserId(data);
	const newRole = formText(data, 'role', 20);
	if (userId === null || !isRole(newRole)) return invalid(locals.locale);
	try {
		await changeRole(getRuntime(), actor, userId, { role: newRole });
		return { saved: true };
	} catch (error) {
		return toFailure(error, locals.locale);
	}
}

function toggle(disabled: boolean) {
	return async ({ request, locals }: Event) => {
		const actor = requireActor(locals, 'manage_users');
		const userId = parseUserId(await request.formData());
		if (userId === null) return invalid(locals.locale);
		try {
			await setDisabled(getRuntime(), actor, userId, { disabled });
			return { saved: true };
		} catch (error) {
			return toFailure(error, locals.locale);
		}
	};
}

async function reset({ request, locals }: Event) {
	const actor = requireActor(locals, 'manage_users');
	const data = await request.formData();
	const userId = parseUserId(data);
	if (userId === null) return invalid(locals.locale);
	try {
		const oneTimePassword = await resetPassword(getRuntime(), actor, userId);
		return { created: { name: formText(data, 'name', 64), oneTimePassword } };
	} catch (error) {
		return toFailure(error, locals.locale);
	}
}

export const actions: Actions = { create, role, disable: toggle(true), enable: toggle(false), reset };
