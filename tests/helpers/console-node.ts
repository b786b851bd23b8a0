// An integration world for the console's engine: embedded relay, LND double, the node
// double on a chosen transport, a test database with a sealer, and the engine services
// following that node. Every part is real and talks over 127.0.0.1 sockets.
import { randomBytes } from 'node:crypto';
import { startRelay, type RelayOptions, type RunningRelay } from '../../sim/relay/index.ts';
import { startLndDouble, type LndDouble } from '../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble, type MostrodOptions } from '../../sim/mostrod/index.ts';
import type { OpenDatabase } from '../../src/lib/server/db/index.ts';
import { createSealer } from '../../src/lib/server/vault/seal.ts';
import { createMostroServices, startMostroServices, type MostroServices } from '../../src/lib/server/mostro/services.ts';
import { getInstanceInfo } from '../../src/lib/server/mostro/instance-info-repository.ts';
import { insertUser } from '../../src/lib/server/users/repository.ts';
import { createSolverKey } from '../../src/lib/server/vault/solver-keys.ts';
import type { SessionUser } from '../../src/lib/server/auth/session-types.ts';
import { systemActor, type PersonActor } from '../../src/lib/server/auth/actor.ts';

/** A test user that is both the session's user and the actor commands take. */
export type TestUser = SessionUser & PersonActor;
import { openTestDatabase } from './test-db.ts';
import { waitFor } from './wait-for.ts';

export interface ConsoleWorld {
	relay: RunningRelay;
	lnd: LndDouble;
	node: MostrodDouble;
	database: OpenDatabase;
	services: MostroServices;
	operator: TestUser;
	addMediator(name: string): Promise<TestUser & { pubkey: string }>;
	stop(): Promise<void>;
}

export async function startConsoleWorld(nodeOptions: Partial<MostrodOptions> = {}, replyTimeoutMs = 1500, relayOptions: RelayOptions = {}): Promise<ConsoleWorld> {
	const relay = await startRelay(relayOptions);
	const lnd = await startLndDouble({ seed: 'console-world' });
	const node = await startMostrod({ relays: [relay.url], lnd, dmFlushMs: 15, guardianIntervalMs: 0, ...nodeOptions });
	const database = openTestDatabase();
	const services = createMostroServices(database.db, createSealer(new Uint8Array(randomBytes(32))), { replyTimeoutMs });
	await startMostroServices(services, { pubkey: node.pubkey, relays: [relay.url], useNodeRelayList: false, source: 'settings' });
	await waitFor(() => getInstanceInfo(database.db, node.pubkey), 'the node instance info');
	const operatorId = await insertUser(database.db, { name: 'olga', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
	return {
		operator: { id: operatorId, userId: operatorId, requestId: null, name: 'olga', role: 'operator', locale: 'en', theme: 'system', mustChangePassword: false, totpEnabled: false },
		relay,
		lnd,
		node,
		database,
		services,
		async addMediator(name) {
			const id = await insertUser(database.db, { name, role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
			const pubkey = await createSolverKey(services, systemActor('cli'), id, { generate: true });
			await services.messenger.refreshRecipients();
			return { id, userId: id, requestId: null, name, role: 'mediator', locale: 'en', theme: 'system', mustChangePassword: false, totpEnabled: false, pubkey };
		},
		async stop() {
			await services.engine.stop();
			await node.stop();
			await database.close();
			await lnd.stop();
			await relay.stop();
		}
	};
}
