// A user's language preference is stored and read back for each of the four languages
// (before migration 014 the database refused 'pt' and 'it', so choosing them failed).
import { describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { setPreferences } from '../../../../src/lib/server/users/accounts.ts';
import { getUserById, insertUser } from '../../../../src/lib/server/users/repository.ts';
import { LOCALES } from '../../../../src/lib/i18n/locales.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';

describe('locale preference', () => {
	it('round-trips every console language', async () => {
		const database = openTestDatabase();
		try {
			const id = await insertUser(database.db, { name: 'bruna', role: 'mediator', passwordHash: 'h', mustChangePassword: false }, 1);
			const actor = personActor({ id, name: 'bruna', role: 'mediator' });
			for (const locale of LOCALES) {
				await setPreferences(database, actor, null, { locale }, 2);
				expect((await getUserById(database.db, id))?.locale).toBe(locale);
			}
		} finally {
			await database.close();
		}
	});
});
