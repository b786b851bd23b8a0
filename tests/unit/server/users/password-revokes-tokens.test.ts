// A password change and an operator's reset revoke every API token of the user, so a token
// minted from a stolen session does not outlive the owner taking the account back.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { authenticateApiToken, createApiToken } from '../../../../src/lib/server/auth/api-tokens.ts';
import { changeOwnPassword, createUser, resetPassword } from '../../../../src/lib/server/users/accounts.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { systemActor, personActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
const cli = systemActor('cli');

beforeEach(() => {
	database = openTestDatabase();
});
afterEach(() => database.close());

describe('API tokens and password changes', () => {
	it('revokes the tokens on a password change', async () => {
		const { id } = await createUser(database, cli, null, { name: 'alice', role: 'mediator', password: 'a long first passphrase' });
		const { token } = await createApiToken(database, personActor({ id: id, name: 'alice', role: 'operator' }), null, { name: 'script' });
		expect(await authenticateApiToken(database.db, token)).not.toBeNull();
		await changeOwnPassword(database, personActor({ id: id, name: 'alice', role: 'mediator' }), null, { current: 'a long first passphrase', next: 'another long passphrase' });
		expect(await authenticateApiToken(database.db, token)).toBeNull();
		const audit = await database.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'user.password_changed').executeTakeFirstOrThrow();
		expect(audit.details).toContain('"tokensRevoked":1');
	});

	it('revokes the tokens on an operator reset, and only that user’s', async () => {
		const { id } = await createUser(database, cli, null, { name: 'alice', role: 'mediator', password: 'a long first passphrase' });
		const other = await createUser(database, cli, null, { name: 'bruno', role: 'mediator', password: 'a long first passphrase' });
		const mine = await createApiToken(database, personActor({ id: id, name: 'alice', role: 'operator' }), null, { name: 'script' });
		const theirs = await createApiToken(database, personActor({ id: other.id, name: 'bruno', role: 'operator' }), null, { name: 'script' });
		await resetPassword(database, cli, id);
		expect(await authenticateApiToken(database.db, mine.token)).toBeNull();
		expect(await authenticateApiToken(database.db, theirs.token)).not.toBeNull();
	});
});
