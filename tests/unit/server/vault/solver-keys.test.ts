// Who may hold a solver key: the roles that mediate (the roles table's `mediate`), never an
// auditor, and never a user that does not exist; a new key is announced as SolverKeyChanged
// once stored (what the messenger's recipient list follows).
import { afterEach, describe, expect, it } from 'vitest';
import { createSolverKey } from '../../../../src/lib/server/vault/solver-keys.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { createUser } from '../../../../src/lib/server/users/accounts.ts';
import { isRefusal } from '../../../../src/lib/server/errors.ts';
import { ROLES } from '../../../../src/lib/access/roles-table.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { DomainEventBus } from '../../../../src/lib/server/domain-events/bus.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';

const sealer = createSealer(new Uint8Array(32).fill(3));
const actor = systemActor('cli');
let database: OpenDatabase | null = null;

afterEach(async () => {
	await database?.close();
	database = null;
});

describe('createSolverKey by role', () => {
	for (const role of ROLES) {
		const allowed = role !== 'auditor';
		it(`${allowed ? 'gives' : 'refuses'} a key to a ${role}`, async () => {
			database = openTestDatabase();
			const { id } = await createUser(database, actor, null, { name: `user-${role}`, role, password: 'a long enough passphrase 42' });
			const attempt = createSolverKey({ db: database.db, sealer, events: new DomainEventBus() }, actor, id, { generate: true });
			if (allowed) await expect(attempt).resolves.toMatch(/^[0-9a-f]{64}$/);
			else await expect(attempt).rejects.toSatisfy((error: unknown) => isRefusal(error) && error.messageKey === 'solvers.error.user');
		});
	}

	it('refuses a user that does not exist', async () => {
		database = openTestDatabase();
		await expect(createSolverKey({ db: database.db, sealer, events: new DomainEventBus() }, actor, 999, { generate: true })).rejects.toSatisfy((error: unknown) => isRefusal(error) && error.messageKey === 'solvers.error.user');
	});

	it('announces the new key after it is stored, and nothing when it is refused', async () => {
		database = openTestDatabase();
		const db = database.db;
		const { id } = await createUser(database, actor, null, { name: 'mia', role: 'mediator', password: 'a long enough passphrase 42' });
		const events = new DomainEventBus();
		const seen: Array<{ userId: number; stored: boolean }> = [];
		events.on('SolverKeyChanged', async ({ userId }) => {
			seen.push({ userId, stored: (await db.selectFrom('solver_keys').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined });
		});
		await createSolverKey({ db, sealer, events }, actor, id, { generate: true });
		await expect(createSolverKey({ db, sealer, events }, actor, id, { generate: true })).rejects.toSatisfy((error: unknown) => isRefusal(error));
		await events.settled();
		expect(seen).toEqual([{ userId: id, stored: true }]);
	});
});
