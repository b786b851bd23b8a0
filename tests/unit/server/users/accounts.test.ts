import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { changeOwnPassword, changeRole, createUser, resetPassword, setDisabled } from '../../../../src/lib/server/users/accounts.ts';
import { createSession, validateSessionToken } from '../../../../src/lib/server/auth/sessions.ts';
import { loginWithPassword } from '../../../../src/lib/server/auth/login.ts';
import { FailureBackoff } from '../../../../src/lib/server/auth/rate-limit.ts';
import { completeSetup, issueSetupToken, isSetupTokenValid } from '../../../../src/lib/server/auth/setup.ts';
import { verifyChain } from '../../../../src/lib/server/audit/hash-chain.ts';
import { toChainedEntry } from '../../../../src/lib/server/audit/log.ts';
import { Refusal } from '../../../../src/lib/server/errors.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { systemActor, personActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
const cli = systemActor('cli');
const limiters = () => ({ byIp: new FailureBackoff({ freeAttempts: 3 }), byAccount: new FailureBackoff({ freeAttempts: 3 }) });

beforeEach(() => {
	database = openTestDatabase();
});
afterEach(() => database.close());

async function actions() {
	const rows = await database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
	expect(verifyChain(rows.map(toChainedEntry)).ok).toBe(true);
	return rows.map((row) => row.action);
}

describe('first-run setup', () => {
	it('creates the first operator once, then the link is dead', async () => {
		const token = await issueSetupToken(database.db);
		expect(token).not.toBeNull();
		expect(await isSetupTokenValid(database.db, token!)).toBe(true);
		await completeSetup(database.db, { token: token!, name: 'olga', password: 'a long operator phrase' });
		expect(await isSetupTokenValid(database.db, token!)).toBe(false);
		await expect(completeSetup(database.db, { token: token!, name: 'mallory', password: 'a long operator phrase' })).rejects.toThrow(Refusal);
		expect(await issueSetupToken(database.db)).toBeNull();
		expect(await actions()).toEqual(['setup.completed']);
	});

	it('expires after an hour', async () => {
		const token = await issueSetupToken(database.db, 0);
		expect(await isSetupTokenValid(database.db, token!, 60 * 60 * 1000 + 1)).toBe(false);
	});
});

describe('accounts', () => {
	it('gives a new user a one-time password that must be changed', async () => {
		const { id, oneTimePassword } = await createUser(database, cli, null, { name: 'alice', role: 'mediator' });
		expect(oneTimePassword).toMatch(/^[\w]{4}(-[\w]{4}){3}$/);
		const { user } = await loginWithPassword(database.db, limiters(), { name: 'alice', password: oneTimePassword!, ip: '1.1.1.1' });
		expect(user.mustChangePassword).toBe(true);
		await expect(changeOwnPassword(database, personActor({ id: id, name: 'alice', role: 'mediator' }), null, { current: oneTimePassword!, next: 'short' })).rejects.toMatchObject({ code: 'weak_password' });
		await changeOwnPassword(database, personActor({ id: id, name: 'alice', role: 'mediator' }), null, { current: oneTimePassword!, next: 'a much better passphrase' });
		const after = await loginWithPassword(database.db, limiters(), { name: 'alice', password: 'a much better passphrase', ip: '1.1.1.1' });
		expect(after.user.mustChangePassword).toBe(false);
		await expect(createUser(database, cli, null, { name: 'ALICE', role: 'auditor' })).rejects.toMatchObject({ code: 'conflict' });
	});

	it('ends sessions when a user is disabled, re-roled or reset, and audits each change', async () => {
		const operator = await createUser(database, cli, null, { name: 'olga', role: 'operator', password: 'operator pass phrase' });
		const actor = personActor({ id: operator.id, name: 'olga', role: 'operator' });
		const { id } = await createUser(database, actor, null, { name: 'bob', role: 'mediator', password: 'bob pass phrase ok' });
		const session = async () => (await createSession(database.db, { id, role: 'mediator' }, true)).token;

		let token = await session();
		await setDisabled(database, actor, id, { disabled: true });
		expect(await validateSessionToken(database.db, token)).toBeNull();
		await expect(loginWithPassword(database.db, limiters(), { name: 'bob', password: 'bob pass phrase ok', ip: 'x' })).rejects.toMatchObject({ code: 'bad_credentials' });
		await setDisabled(database, actor, id, { disabled: false });

		token = await session();
		await changeRole(database, actor, id, { role: 'auditor' });
		expect(await validateSessionToken(database.db, token)).toBeNull();

		token = await session();
		const otp = await resetPassword(database, actor, id);
		expect(await validateSessionToken(database.db, token)).toBeNull();
		expect((await loginWithPassword(database.db, limiters(), { name: 'bob', password: otp, ip: 'x' })).user.mustChangePassword).toBe(true);

		await expect(setDisabled(database, actor, operator.id, { disabled: true })).rejects.toMatchObject({ code: 'not_authorized' });
		expect(await actions()).toEqual(['user.created', 'user.created', 'user.disabled', 'login.failed', 'user.enabled', 'user.role_changed', 'user.password_reset', 'login.succeeded']);
	});
});

describe('login', () => {
	it('audits failures and backs off per account', async () => {
		await createUser(database, cli, null, { name: 'carol', role: 'mediator', password: 'carol pass phrase' });
		const l = limiters();
		for (let i = 0; i < 3; i++) {
			await expect(loginWithPassword(database.db, l, { name: 'carol', password: 'wrong', ip: `10.0.0.${i}` })).rejects.toMatchObject({ code: 'bad_credentials' });
		}
		await expect(loginWithPassword(database.db, l, { name: 'carol', password: 'carol pass phrase', ip: '10.0.0.9' })).rejects.toMatchObject({ code: 'rate_limited' });
		const list = await actions();
		expect(list.filter((a) => a === 'login.failed')).toHaveLength(3);
		expect(list).toContain('login.blocked');
	});

	it('backs off per IP across accounts', async () => {
		const l = limiters();
		for (const name of ['u1', 'u2', 'u3']) {
			await expect(loginWithPassword(database.db, l, { name, password: 'x', ip: '6.6.6.6' })).rejects.toMatchObject({ code: 'bad_credentials' });
		}
		await expect(loginWithPassword(database.db, l, { name: 'u4', password: 'x', ip: '6.6.6.6' })).rejects.toMatchObject({ code: 'rate_limited' });
	});
});
