// The guards actions and API endpoints call, against the roles table: every role and every
// permission through requireUser (403 with the translated message) and apiUser (a 403 JSON
// answer), and the sign-in states both refuse before any permission is looked at.
import { describe, expect, it } from 'vitest';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { requireActor, requireUser } from '../../../../src/lib/server/auth/guard.ts';
import { apiActor, apiUser } from '../../../../src/lib/server/api-response.ts';
import { can } from '../../../../src/lib/access/access-rules.ts';
import { ROLES, type Permission, type Role } from '../../../../src/lib/access/roles-table.ts';
import type { SessionRecord, SessionUser } from '../../../../src/lib/server/auth/session-types.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';

const PERMISSIONS: readonly Permission[] = ['manage_users', 'manage_settings', 'manage_solvers', 'read_audit', 'read_reports', 'mediate'];

function locals(role: Role, overrides: Partial<SessionUser> = {}, verified = true): App.Locals {
	const user: SessionUser = { id: 1, name: 'ana', role, locale: 'en', theme: 'system', mustChangePassword: false, totpEnabled: false, ...overrides };
	const session: SessionRecord = { id: 's', userId: 1, expiresAt: Date.now() + 60_000, secondFactorVerified: verified };
	return { user, actor: personActor(user, 'r'), session, requestId: 'r', locale: 'es' };
}

function thrown(run: () => unknown): unknown {
	try {
		run();
	} catch (error) {
		return error;
	}
	return null;
}

describe('requireUser and apiUser per role and permission', () => {
	for (const role of ROLES) {
		for (const permission of PERMISSIONS) {
			const allowed = can(role, permission);
			it(`${role} ${allowed ? 'passes' : 'is refused'} ${permission}`, async () => {
				const failure = thrown(() => requireUser(locals(role), permission));
				const answer = apiUser(locals(role), permission);
				if (allowed) {
					expect(failure).toBeNull();
					expect(answer).toMatchObject({ role });
				} else {
					expect(isHttpError(failure) && failure.status === 403 && failure.body.code === 'forbidden').toBe(true);
					expect(answer).toBeInstanceOf(Response);
					const response = answer as Response;
					expect(response.status).toBe(403);
					expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } });
				}
			});
		}
	}
});

describe('sign-in states', () => {
	it('sends a visitor to sign in and answers the API with 401', async () => {
		const anonymous: App.Locals = { user: null, actor: null, session: null, requestId: 'r', locale: 'en' };
		const failure = thrown(() => requireUser(anonymous, 'mediate'));
		expect(isRedirect(failure) && failure.location === '/login').toBe(true);
		const answer = apiUser(anonymous, 'mediate') as Response;
		expect(answer.status).toBe(401);
	});

	it('sends an operator who has not finished the second factor to it, whatever the permission', () => {
		const failure = thrown(() => requireUser(locals('operator', { totpEnabled: true }, false), 'manage_users'));
		expect(isRedirect(failure) && failure.location === '/login/two-factor').toBe(true);
	});
});

describe('the request actor', () => {
	it('is the one the hook built, for the page action and the API alike', () => {
		const signedIn = locals('mediator');
		expect(requireActor(signedIn, 'mediate')).toBe(signedIn.actor);
		expect(apiActor(signedIn, 'mediate')).toBe(signedIn.actor);
		expect(signedIn.actor).toEqual({ userId: 1, name: 'ana', role: 'mediator', requestId: 'r' });
	});

	it('is refused with the same checks as the user', () => {
		expect(
			isHttpError(
				thrown(() => requireActor(locals('auditor'), 'mediate')),
				403
			)
		).toBe(true);
		expect((apiActor(locals('auditor'), 'mediate') as Response).status).toBe(403);
		const anonymous: App.Locals = { user: null, actor: null, session: null, requestId: 'r', locale: 'en' };
		expect(isRedirect(thrown(() => requireActor(anonymous)))).toBe(true);
		expect((apiActor(anonymous) as Response).status).toBe(401);
	});
});
