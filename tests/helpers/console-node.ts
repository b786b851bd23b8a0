// An integration world for the console's engine: embedded relay, LND double, the node
// double on a chosen transport, a test database with a sealer, and the engine services
// following that node. Every part is real and talks over 127.0.0.1 sockets. Only time is
// controlled: a test that silences the node shortens the reply wait instead of sleeping it out.
import { randomBytes } from 'node:crypto';
import { startRelay, type RelayOptions, type RunningRelay } from '../../sim/relay/index.ts';
import { startLndDouble, type LndDouble } from '../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble, type MostrodOptions } from '../../sim/mostrod/index.ts';
import type { ConsoleDatabase } from '../../src/lib/server/db/index.ts';
import { createSealer } from '../../src/lib/server/vault/seal.ts';
import { createMostroServices, startMostroServices, type MostroServices, type MostroServicesOptions } from '../../src/lib/server/mostro/services.ts';
import { getInstanceInfo } from '../../src/lib/server/mostro/instance-info-repository.ts';
import { insertUser } from '../../src/lib/server/users/repository.ts';
import { createSolverKey } from '../../src/lib/server/vault/solver-keys.ts';
import type { SessionUser } from '../../src/lib/server/auth/session-types.ts';
import { systemActor, type PersonActor } from '../../src/lib/server/auth/actor.ts';

/** A test user that is both the session's user and the actor commands take. */
export type TestUser = SessionUser & PersonActor;
import { openIntegrationDatabase } from './test-db.ts';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { openDatabase } from '../../src/lib/server/db/index.ts';
import { readMigrationsFromDisk } from '../../src/lib/server/db/migrations-on-disk.ts';
import type { BlobPolicy } from '../../src/lib/server/mostro/dispute-chat/blob-fetch.ts';
import { waitFor } from './wait-for.ts';
import { startRelayCut, type RelayCut } from './relay-cut.ts';

export interface ConsoleWorld {
	relay: RunningRelay;
	/** Present with `cuttableRelay`: the console's only way to the relay. */
	relayCut?: RelayCut;
	lnd: LndDouble;
	node: MostrodDouble;
	database: ConsoleDatabase;
	services: MostroServices;
	operator: TestUser;
	addMediator(name: string): Promise<TestUser & { pubkey: string }>;
	/** The test knows the node will not answer: the next sends give up after SILENT_REPLY_TIMEOUT_MS. */
	expectNoAnswer(): void;
	/** The node double stays silent for `action` from now on, and the console expects no answer. */
	silence(action: string): void;
	/**
	 * Waits until the node dropped a request for `action` unanswered (silenced or refused without
	 * a word), then lets it answer again and restores the world's reply time-out.
	 */
	endSilence(action: string): Promise<void>;
	/** Stops the console's services and starts them again on the same data directory (needs `dataDir`). */
	restart(): Promise<void>;
	stop(): Promise<void>;
}

/** How long a send waits for a node that is known to stay silent. */
export const SILENT_REPLY_TIMEOUT_MS = 100;

export interface ConsoleOptions {
	/** Keep the database and the attachment archive in this directory (so `restart` keeps them). */
	dataDir?: string;
	blobPolicy?: BlobPolicy;
	/** The notifier's clock and public URL (issue 19). */
	notifications?: MostroServicesOptions['notifications'];
	/** The console reaches the relay through a forwarder the test can cut (`world.relayCut`). */
	cuttableRelay?: boolean;
}

export async function startConsoleWorld(nodeOptions: Partial<MostrodOptions> = {}, replyTimeoutMs = 1500, relayOptions: RelayOptions = {}, consoleOptions: ConsoleOptions = {}): Promise<ConsoleWorld> {
	const relay = await startRelay(relayOptions);
	const lnd = await startLndDouble({ seed: 'console-world' });
	const node = await startMostrod({ relays: [relay.url], lnd, dmFlushMs: 15, guardianIntervalMs: 0, ...nodeOptions });
	const { dataDir, blobPolicy, notifications } = consoleOptions;
	const relayCut = consoleOptions.cuttableRelay ? await startRelayCut(relay.url) : undefined;
	if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	const masterKey = new Uint8Array(randomBytes(32));
	// A data directory (restart tests) is a SQLite file; otherwise the integration database of the run.
	const openStore = async (): Promise<ConsoleDatabase> => (dataDir ? openDatabase(join(dataDir, 'mediator.sqlite'), readMigrationsFromDisk()) : openIntegrationDatabase());
	const connection = { pubkey: node.pubkey, relays: [relayCut?.url ?? relay.url], useNodeRelayList: false, source: 'settings' as const };
	let timeout = replyTimeoutMs;
	let database = await openStore();
	let services = createMostroServices(database.db, createSealer(masterKey), { replyTimeoutMs: () => timeout, dataDir, blobPolicy, notifications });
	await startMostroServices(services, connection);
	await waitFor(() => getInstanceInfo(database.db, node.pubkey), 'the node instance info');
	const operatorId = await insertUser(database.db, { name: 'olga', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
	const world: ConsoleWorld = {
		operator: { id: operatorId, userId: operatorId, requestId: null, name: 'olga', role: 'operator', locale: 'en', theme: 'system', mustChangePassword: false, totpEnabled: false },
		relay,
		relayCut,
		lnd,
		node,
		database,
		services,
		async restart() {
			if (!dataDir) throw new Error('restart needs a data directory');
			await services.archive.settled();
			services.notifier.transport.stop();
			await services.engine.stop();
			await database.close();
			database = await openStore();
			services = createMostroServices(database.db, createSealer(masterKey), { replyTimeoutMs: () => timeout, dataDir, blobPolicy, notifications });
			world.database = database;
			world.services = services;
			await startMostroServices(services, connection);
		},
		async addMediator(name) {
			const id = await insertUser(database.db, { name, role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
			const pubkey = await createSolverKey(services, systemActor('cli'), id, { generate: true });
			// The messenger follows SolverKeyChanged: wait for it to listen for the new key.
			await services.events.settled();
			return { id, userId: id, requestId: null, name, role: 'mediator', locale: 'en', theme: 'system', mustChangePassword: false, totpEnabled: false, pubkey };
		},
		expectNoAnswer() {
			timeout = SILENT_REPLY_TIMEOUT_MS;
		},
		silence(action) {
			node.setSilent([action]);
			timeout = SILENT_REPLY_TIMEOUT_MS;
		},
		async endSilence(action) {
			// The request may reach the node after the short wait ended: it must be dropped, not answered.
			await waitFor(() => node.intake.some((r) => r.action === action && r.outcome === 'silent'), `the node dropping ${action}`);
			node.setSilent(false);
			timeout = replyTimeoutMs;
		},
		async stop() {
			await services.archive.settled();
			services.notifier.transport.stop();
			await services.engine.stop();
			await node.stop();
			await database.close();
			await lnd.stop();
			await relayCut?.close();
			await relay.stop();
		}
	};
	return world;
}
