// The first operator in the sandbox: who gets the key, that it is given once through the
// Solvers page's own commands as that operator (the same audit entries as their clicks), and
// that a failing registration is reported, never thrown into the console (the full path runs
// against a node double in tests/integration/server/sandbox/seeding.test.ts).
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { provisionFirstOperator, watchFirstOperator } from '../../../../src/lib/server/sandbox/first-operator.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import type { MostroServices } from '../../../../src/lib/server/mostro/services.ts';
import { DomainEventBus } from '../../../../src/lib/server/domain-events/bus.ts';

const NODE_KEY = '11'.repeat(32);

/** The services the two commands use, with a messenger that records what it was asked to send. */
function fakeServices(database: OpenDatabase, fail = false) {
	const calls: string[] = [];
	const events = new DomainEventBus();
	const services = {
		db: database.db,
		events,
		sealer: createSealer(new Uint8Array(randomBytes(32))),
		engine: { nodePubkey: null },
		messenger: {
			async refreshRecipients() {
				calls.push('refresh');
			},
			async send(request: { action: string; actor: { userId: number | null; name: string } }) {
				calls.push(`${request.action} as ${request.actor.name}`);
				if (fail) throw new Error('the node is unreachable');
				return { state: 'acknowledged' };
			}
		}
	} as unknown as MostroServices;
	// As in the console: the recipient list follows new solver keys.
	events.on('SolverKeyChanged', () => services.messenger.refreshRecipients());
	return { services, calls };
}

describe('the first operator in the sandbox', () => {
	let database: OpenDatabase;
	afterEach(() => database?.close());

	it('waits for an operator, then gives the oldest one a key and registers it read-write, as them', async () => {
		database = openTestDatabase();
		const { services, calls } = fakeServices(database);
		expect(await provisionFirstOperator(services, NODE_KEY)).toBe('waiting');
		await insertUser(database.db, { name: 'mia', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		expect(await provisionFirstOperator(services, NODE_KEY)).toBe('waiting');
		const olga = await insertUser(database.db, { name: 'olga', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		await insertUser(database.db, { name: 'otto', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const watch = watchFirstOperator(services, NODE_KEY, { intervalMs: 5 });
		expect(await watch.settled).toEqual({ registration: 'acknowledged' });
		expect(calls).toEqual(['refresh', 'admin-add-solver as olga']);
		const keys = await database.db.selectFrom('solver_keys').select(['user_id', 'created_by', 'permission', 'registration_state', 'registered_by']).execute();
		expect(keys).toEqual([{ user_id: olga, created_by: olga, permission: 'read-write', registration_state: 'acknowledged', registered_by: olga }]);
		const audit = await database.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'actor']).orderBy('id').execute();
		expect(audit).toEqual([
			{ action: 'solver_key.created', actor_user_id: olga, actor: 'olga' },
			{ action: 'node_key.used', actor_user_id: olga, actor: 'olga' }
		]);
		expect(await provisionFirstOperator(services, NODE_KEY)).toBe('done');
	});

	it('reports a failing registration and stops, without throwing or logging the node key', async () => {
		database = openTestDatabase();
		await insertUser(database.db, { name: 'olga', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const lines: string[] = [];
		const watch = watchFirstOperator(fakeServices(database, true).services, NODE_KEY, { intervalMs: 5, log: (line) => lines.push(line) });
		expect(await watch.settled).toBe('failed');
		expect(lines.join('\n')).toMatch(/could not give the first operator a solver key/);
		expect(lines.join('\n')).not.toContain(NODE_KEY);
	});

	it('stops watching when the sandbox stops', async () => {
		database = openTestDatabase();
		const watch = watchFirstOperator(fakeServices(database).services, NODE_KEY, { intervalMs: 5 });
		watch.stop();
		expect(await watch.settled).toBe('stopped');
	});
});
