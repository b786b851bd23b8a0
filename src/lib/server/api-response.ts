// JSON answers of the automation API (PRODUCT.md capability 12): `{ error: { code, message } }`
// for refusals (translated for the token's user) and bad input; anything else is rethrown for
// handleError. The same permission check as the console's actions.
import { json } from '@sveltejs/kit';
import { translate, type Locale } from '$lib/i18n';
import { isRefusal } from './errors.ts';
import { can } from '../access/access-rules.ts';
import type { Permission } from '../access/roles-table.ts';
import type { SessionUser } from './auth/session-types.ts';
import { personActor, type PersonActor } from './auth/actor.ts';

export function apiError(status: number, code: string, message: string, field: string | null = null): Response {
	return json({ error: { code, message, ...(field ? { field } : {}) } }, { status });
}

export function apiFailure(error: unknown, locale: Locale): Response {
	if (!isRefusal(error)) throw error;
	return apiError(error.status, error.code, translate(locale, error.messageKey, error.params), error.field);
}

/** The signed-in user with `permission`, or the 401/403 answer to return. */
export function apiUser(locals: App.Locals, permission?: Permission): SessionUser | Response {
	const { user, session } = locals;
	if (!user || !session) return apiError(401, 'unauthenticated', 'Sign in or send an API token.');
	if (permission && !can(user.role, permission)) return apiError(403, 'forbidden', translate(locals.locale, 'error.forbidden'));
	return user;
}

/** `apiUser`'s checks, then the request's actor (built once, by the hook). */
export function apiActor(locals: App.Locals, permission?: Permission): PersonActor | Response {
	const user = apiUser(locals, permission);
	if (user instanceof Response) return user;
	return locals.actor ?? personActor(user, locals.requestId);
}

/** The request body as a JSON object, or null. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown> | null> {
	try {
		const body: unknown = await request.json();
		return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
	} catch {
		return null;
	}
}
