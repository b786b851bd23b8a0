import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { createSession, DAY_MS, invalidateSession, invalidateUserSessions, OPERATOR_IDLE_MS, validateSessionToken } from '../../../../src/lib/server/auth/sessions.ts';
import { digestToken } from '../../../../src/lib/server/auth/tokens.ts';
import { insertUser, updateUser } from '../../../../src/lib/server/users/repository.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';

let database: OpenDatabase;
let mediatorId: number;
let operatorId: number;
const t0 = 1_700_000_000_000;

beforeEach(async () => {
	database = openTestDatabase();
	mediatorId = await insertUser(database.db, { name: 'alice', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, t0);
	operatorId = await insertUser(database.db, { name: 'olga', role: 'operator', passwordHash: 'x', mustChangePassword: false }, t0);
});
afterEach(() => database.close());

describe('session lifecycle', () => {
	it('stores only the token digest and validates the token', async () => {
		const { token, session } = await createSession(database.db, { id: mediatorId, role: 'mediator' }, true, t0);
		const stored = await database.db.selectFrom('sessions').selectAll().execute();
		expect(stored).toHaveLength(1);
		expect(stored[0]!.id).toBe(digestToken(token));
		expect(stored[0]!.id).not.toContain(token);
		const valid = await validateSessionToken(database.db, token, t0 + 1000);
		expect(valid?.user.name).toBe('alice');
		expect(valid?.session.id).toBe(session.id);
		expect(await validateSessionToken(database.db, token.slice(1) + 'a', t0)).toBeNull();
	});

	it('slides a mediator session for 30 days from last use and expires it after', async () => {
		const { token } = await createSession(database.db, { id: mediatorId, role: 'mediator' }, true, t0);
		const used = await validateSessionToken(database.db, token, t0 + 20 * DAY_MS);
		expect(used?.refreshed).toBe(true);
		expect(used?.session.expiresAt).toBe(t0 + 50 * DAY_MS);
		expect(await validateSessionToken(database.db, token, t0 + 49 * DAY_MS)).not.toBeNull();
		expect(await validateSessionToken(database.db, token, t0 + 80 * DAY_MS)).toBeNull();
	});

	it('ends an operator session after 12 idle hours', async () => {
		const { token } = await createSession(database.db, { id: operatorId, role: 'operator' }, true, t0);
		expect(await validateSessionToken(database.db, token, t0 + OPERATOR_IDLE_MS - 1000)).not.toBeNull();
		expect(await validateSessionToken(database.db, token, t0 + 2 * OPERATOR_IDLE_MS)).toBeNull();
	});

	it('invalidates on logout, for every session of a user, and for a disabled user', async () => {
		const a = await createSession(database.db, { id: mediatorId, role: 'mediator' }, true, t0);
		const b = await createSession(database.db, { id: mediatorId, role: 'mediator' }, true, t0);
		await invalidateSession(database.db, a.session.id);
		expect(await validateSessionToken(database.db, a.token, t0)).toBeNull();
		expect(await validateSessionToken(database.db, b.token, t0)).not.toBeNull();
		await invalidateUserSessions(database.db, mediatorId);
		expect(await validateSessionToken(database.db, b.token, t0)).toBeNull();
		const c = await createSession(database.db, { id: mediatorId, role: 'mediator' }, true, t0);
		await updateUser(database.db, mediatorId, { disabled: 1 }, t0);
		expect(await validateSessionToken(database.db, c.token, t0)).toBeNull();
	});

	it('records whether the second factor was verified', async () => {
		const { token } = await createSession(database.db, { id: mediatorId, role: 'mediator' }, false, t0);
		expect((await validateSessionToken(database.db, token, t0))?.session.secondFactorVerified).toBe(false);
	});
});
