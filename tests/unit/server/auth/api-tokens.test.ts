import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from '../../../../src/lib/server/auth/api-tokens.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
beforeEach(() => {
	database = openTestDatabase();
});
afterEach(() => database.close());

describe('API tokens', () => {
	it('are shown once, stored as SHA-256 only, authenticate their user, and stop working when revoked', async () => {
		const id = await insertUser(database.db, { name: 'mia', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const actor = personActor({ id: id, name: 'mia', role: 'operator' });
		const { id: tokenId, token } = await createApiToken(database, actor, null, { name: 'bot' });
		expect(token).toMatch(/^mmt_[a-z2-7]{40,}$/);
		const stored = await database.db.selectFrom('api_tokens').selectAll().executeTakeFirstOrThrow();
		expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(stored)).not.toContain(token.slice(4));
		expect(await authenticateApiToken(database.db, token)).toMatchObject({ user: { id, name: 'mia', role: 'mediator' }, session: { secondFactorVerified: true } });
		expect(await authenticateApiToken(database.db, token + 'x')).toBeNull();
		expect(await authenticateApiToken(database.db, 'not-a-token')).toBeNull();
		expect(await listApiTokens(database.db, id)).toEqual([expect.objectContaining({ id: tokenId, name: 'bot' })]);
		await revokeApiToken(database, actor, tokenId);
		expect(await authenticateApiToken(database.db, token)).toBeNull();
		await expect(revokeApiToken(database, actor, tokenId)).rejects.toMatchObject({ code: 'not_found' });
		const audit = (await database.db.selectFrom('audit_log').select(['action', 'details']).execute()).map((r) => r.action);
		expect(audit).toEqual(['api_token.created', 'api_token.revoked']);
	});

	it('do not authenticate a disabled user, and only their owner can revoke them', async () => {
		const id = await insertUser(database.db, { name: 'dan', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const other = await insertUser(database.db, { name: 'eve', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const { id: tokenId, token } = await createApiToken(database, personActor({ id: id, name: 'dan', role: 'operator' }), null, { name: 'ci' });
		await expect(revokeApiToken(database, personActor({ id: other, name: 'eve', role: 'operator' }), tokenId)).rejects.toMatchObject({ code: 'not_found' });
		await database.db.updateTable('users').set({ disabled: 1 }).where('id', '=', id).execute();
		expect(await authenticateApiToken(database.db, token)).toBeNull();
		await expect(createApiToken(database, personActor({ id: id, name: 'dan', role: 'operator' }), null, { name: '  ' })).rejects.toMatchObject({ messageKey: 'token.error.name' });
	});
});
