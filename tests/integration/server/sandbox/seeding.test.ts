// The sandbox seeding as npm start runs it, twice on one data directory: the node and LND
// connections become settings rows saved by "sandbox" with their usual audit entries, the
// first operator gets a solver key registered read-write through the Solvers page's own
// commands, called as that operator, and a restart adds no row, key or audit entry. Once npm start
// handed the node key over in memory, a second mediator's key registers with no node key pasted;
// without the hand-over, or with a key of another node, the node key is still required.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../../../sim/relay/index.ts';
import { startLndDouble, type LndDouble } from '../../../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble } from '../../../../sim/mostrod/index.ts';
import { openDatabase, type OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { readMigrationsFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import { createSealer, type Sealer } from '../../../../src/lib/server/vault/seal.ts';
import { createMostroServices, startMostroServices, type MostroServices } from '../../../../src/lib/server/mostro/services.ts';
import { getNodeConnection } from '../../../../src/lib/server/mostro/node-connection.ts';
import { getInstanceInfo } from '../../../../src/lib/server/mostro/instance-info-repository.ts';
import { getLndCredentials } from '../../../../src/lib/server/lightning/lnd-settings.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { seedSandboxSettings } from '../../../../src/lib/server/sandbox/seed-settings.ts';
import { handOverSandboxNodeKey, provisionFirstOperator, watchFirstOperator } from '../../../../src/lib/server/sandbox/first-operator.ts';
import { createSolverKey } from '../../../../src/lib/server/vault/solver-keys.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';
import { Refusal } from '../../../../src/lib/server/errors.ts';
import { toHex } from '../../../../src/lib/protocol/keys.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

describe('seeding the sandbox into the console', () => {
	let relay: RunningRelay;
	let lnd: LndDouble;
	let node: MostrodDouble;
	let open: { database: OpenDatabase; services: MostroServices } | null = null;
	const dataDir = mkdtempSync(join(tmpdir(), 'mm-sandbox-seed-'));
	const sealer: Sealer = createSealer(new Uint8Array(randomBytes(32)));

	afterEach(async () => {
		await open?.services.engine.stop();
		await open?.database.close();
		await node?.stop();
		await lnd?.stop();
		await relay?.stop();
	});

	/** One `npm start`: seed the settings, then start following the node as runtime.ts does. */
	async function start() {
		const database = openDatabase(join(dataDir, 'mediator.sqlite'), readMigrationsFromDisk());
		const sandbox = { nodePubkey: node.pubkey, relayUrl: relay.url, lnd: { socket: lnd.socket, cert: lnd.cert, macaroon: lnd.macaroon } };
		const seeded = await seedSandboxSettings(database.db, sealer, sandbox);
		const services = createMostroServices(database.db, sealer, { replyTimeoutMs: 3000 });
		await startMostroServices(services, await getNodeConnection(database.db, { mostroPubkey: null, mostroRelays: [] }));
		await waitFor(() => getInstanceInfo(database.db, node.pubkey), 'the node instance info');
		open = { database, services };
		return { database, services, seeded };
	}

	async function stop() {
		await open?.services.engine.stop();
		await open?.database.close();
		open = null;
	}

	it('saves what an operator would, once, and a restart adds nothing', async () => {
		relay = await startRelay();
		lnd = await startLndDouble({ seed: 'sandbox-seeding' });
		node = await startMostrod({ relays: [relay.url], lnd, dmFlushMs: 15, guardianIntervalMs: 0 });
		const nodeKey = toHex(node.secretKey);

		const first = await start();
		expect(first.seeded).toEqual({ node: 'saved', lnd: 'saved' });
		expect(await provisionFirstOperator(first.services, nodeKey)).toBe('waiting');
		const operatorId = await insertUser(first.database.db, { name: 'olga', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const watch = watchFirstOperator(first.services, nodeKey, { intervalMs: 20 });
		expect(await watch.settled).toEqual({ registration: 'acknowledged' });
		await stop();

		const second = await start();
		expect(second.seeded).toEqual({ node: 'unchanged', lnd: 'unchanged' });
		expect(await provisionFirstOperator(second.services, nodeKey)).toBe('done');

		const db = second.database.db;
		const connection = await getNodeConnection(db, { mostroPubkey: null, mostroRelays: [] });
		expect(connection).toEqual({ pubkey: node.pubkey, relays: [relay.url], useNodeRelayList: false, source: 'settings' });
		expect(await getLndCredentials(db, sealer)).toEqual({ socket: lnd.socket, cert: lnd.cert, macaroon: lnd.macaroon, source: 'settings' });
		const keys = await db.selectFrom('solver_keys').select(['user_id', 'origin', 'permission', 'registration_state', 'created_by', 'registered_by']).execute();
		expect(keys).toEqual([{ user_id: operatorId, origin: 'generated', permission: 'read-write', registration_state: 'acknowledged', created_by: operatorId, registered_by: operatorId }]);
		const pubkey = (await db.selectFrom('solver_keys').select('pubkey').executeTakeFirstOrThrow()).pubkey;
		expect(node.user(pubkey)).toMatchObject({ isSolver: true });

		const audit = await db.selectFrom('audit_log').select(['action', 'actor_user_id', 'actor']).orderBy('id').execute();
		const count = (action: string) => audit.filter((entry) => entry.action === action).length;
		expect(audit.filter((entry) => entry.action.startsWith('settings.'))).toEqual([
			{ action: 'settings.changed', actor_user_id: null, actor: 'sandbox' },
			{ action: 'settings.lnd_saved', actor_user_id: null, actor: 'sandbox' }
		]);
		expect(audit.filter((entry) => entry.action === 'solver_key.created')).toEqual([{ action: 'solver_key.created', actor_user_id: operatorId, actor: 'olga' }]);
		// As the operator's own clicks on the Solvers page would record them: their id and name.
		expect(audit.filter((entry) => entry.action === 'node_key.used')).toEqual([{ action: 'node_key.used', actor_user_id: operatorId, actor: 'olga' }]);
		expect(count('admin-add-solver.sent')).toBe(1);
		// The node key was pasted for the one action, never kept.
		expect(await db.selectFrom('node_key').selectAll().execute()).toEqual([]);
	});
	it('registers a second mediator with no node key pasted once npm start handed the node key over, and only then', async () => {
		relay = await startRelay();
		lnd = await startLndDouble({ seed: 'sandbox-second-mediator' });
		node = await startMostrod({ relays: [relay.url], lnd, dmFlushMs: 15, guardianIntervalMs: 0 });
		const { database, services } = await start();
		const db = database.db;
		const operatorId = await insertUser(db, { name: 'otto', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const mediatorId = await insertUser(db, { name: 'marta', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const operator = personActor({ id: operatorId, name: 'otto', role: 'operator' });
		const pubkey = await createSolverKey(services, operator, mediatorId, { generate: true });
		await services.events.settled();
		const register = () => executeAddSolver(services, operator, mediatorId, { permission: 'read-write', nodeKey: '', keepNodeKey: false });

		// Today's rule without the hand-over (a console launched any other way): the node key is needed.
		await expect(register()).rejects.toThrow(Refusal);
		expect(services.launcherNodeKey.signsFor(node.pubkey)).toBe(false);
		// A key of some other node is never used for the followed one.
		handOverSandboxNodeKey(services, toHex(new Uint8Array(randomBytes(32))));
		expect(services.launcherNodeKey.signsFor(node.pubkey)).toBe(false);
		await expect(register()).rejects.toMatchObject({ messageKey: 'solvers.error.node_key_needed' });

		handOverSandboxNodeKey(services, toHex(node.secretKey));
		expect(services.launcherNodeKey.signsFor(node.pubkey)).toBe(true);
		expect((await register()).state).toBe('acknowledged');
		expect(node.user(pubkey)).toMatchObject({ isSolver: true });
		expect(await db.selectFrom('solver_keys').select(['permission', 'registration_state', 'registered_by']).where('user_id', '=', mediatorId).executeTakeFirst()).toEqual({
			permission: 'read-write',
			registration_state: 'acknowledged',
			registered_by: operatorId
		});
		// Never kept in the vault, and the audit log records the node key's use as for a pasted one.
		expect(await db.selectFrom('node_key').selectAll().execute()).toEqual([]);
		expect(await db.selectFrom('audit_log').select('action').where('action', '=', 'node_key.used').where('subject', '=', `user:${mediatorId}`).execute()).toHaveLength(1);
	});
});
