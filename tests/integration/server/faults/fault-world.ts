// Test world for the fault tests (issue 15, "Faults that must lose nothing"): a data
// directory, one or more embedded relays (a test cuts the console off them with
// tests/helpers/cuttable-link.ts), the LND double and the node double, one operator and one
// mediator with a solver key registered at the node, prepared by the console's own runtime in
// this process. The console under test then runs as a child process (console-process.ts).
import { execFile } from 'node:child_process';
import { personActor, systemActor } from '../../../../src/lib/server/auth/actor.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect } from 'vitest';
import { startRelay, type RunningRelay } from '../../../../sim/relay/index.ts';
import { startLndDouble, type LndDouble } from '../../../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble, type MostrodOptions } from '../../../../sim/mostrod/index.ts';
import { startConsoleProcess, type ConsoleProcess } from '../../../helpers/console-process.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { loadConfig } from '../../../../src/lib/server/config.ts';
import { readMigrationSetFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import { DATABASE_FILE, startRuntime } from '../../../../src/lib/server/runtime.ts';
import { createSolverKey } from '../../../../src/lib/server/vault/solver-keys.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { getInstanceInfo } from '../../../../src/lib/server/mostro/instance-info-repository.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import type { Key } from '../../sim/mostrod/client.ts';

export interface FaultWorld {
	dataDir: string;
	relays: RunningRelay[];
	lnd: LndDouble;
	node: MostrodDouble;
	operatorId: number;
	mediatorId: number;
	console: ConsoleProcess | null;
	/** Starts (or, killing the running one first, restarts) the console on the data directory. */
	start(env?: Record<string, string>, relays?: string[]): Promise<ConsoleProcess>;
	/** Reads the console's SQLite file from outside the process, as an operator would. */
	query<T>(sql: string, ...params: Array<string | number>): T[];
	/** Runs `mostro-mediator audit verify` on the data directory; resolves with its output. */
	auditVerify(): Promise<string>;
	/** Opens a dispute at the node and waits until the console (which must be running) lists it. */
	openDispute(parties: { buyer: Key; seller: Key }, amount?: number): Promise<{ orderId: string; disputeId: string }>;
	stop(): Promise<void>;
}

export interface FaultWorldOptions {
	relays?: number;
	node?: Partial<MostrodOptions>;
	dataDir?: string;
}

export async function startFaultWorld(seed: string, options: FaultWorldOptions = {}): Promise<FaultWorld> {
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `mm-${seed}-`));
	const relayDir = mkdtempSync(join(tmpdir(), `mm-${seed}-relays-`));
	const relays: RunningRelay[] = [];
	for (let i = 0; i < (options.relays ?? 1); i += 1) relays.push(await startRelay({ dbPath: join(relayDir, `relay-${i}.sqlite`) }));
	const lnd = await startLndDouble({ seed });
	const node = await startMostrod({ relays: relays.map((r) => r.url), lnd, dmFlushMs: 15, guardianIntervalMs: 0, ...options.node });
	const urls = relays.map((r) => r.url);
	const baseEnv = { MEDIATOR_DATA_DIR: dataDir, MOSTRO_PUBKEY: node.pubkey, MOSTRO_RELAYS: urls.join(','), MEDIATOR_SANDBOX: 'off', LOG_LEVEL: 'warn' };

	const runtime = await startRuntime(loadConfig(baseEnv), readMigrationSetFromDisk());
	let operatorId: number;
	let mediatorId: number;
	try {
		await waitFor(() => getInstanceInfo(runtime.db, node.pubkey), 'the node instance info', 10_000);
		operatorId = await insertUser(runtime.db, { name: 'olga', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const operator = personActor({ id: operatorId, name: 'olga', role: 'operator' });
		mediatorId = await insertUser(runtime.db, { name: 'alice', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		await createSolverKey(runtime, systemActor('cli'), mediatorId, { generate: true });
		await runtime.events.settled();
		const added = await executeAddSolver(runtime, operator, mediatorId, { permission: 'read-write', nodeKey: encodeNsec(node.secretKey), keepNodeKey: false });
		expect(added.state).toBe('acknowledged');
	} finally {
		await runtime.close();
	}

	const query = <T>(sql: string, ...params: Array<string | number>): T[] => {
		const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
		try {
			return db.prepare(sql).all(...params) as T[];
		} finally {
			db.close();
		}
	};

	const world: FaultWorld = {
		dataDir,
		relays,
		lnd,
		node,
		operatorId,
		mediatorId,
		console: null,
		query,
		async start(env = {}, only) {
			await world.console?.stop('SIGKILL');
			world.console = await startConsoleProcess({ dataDir, nodePubkey: node.pubkey, relays: only ?? urls, env: { MEDIATOR_REPLY_TIMEOUT_MS: '3000', ...env } });
			return world.console;
		},
		auditVerify() {
			return new Promise((resolve, reject) => {
				execFile(process.execPath, ['bin/mostro-mediator.mjs', 'audit', 'verify'], { env: { ...process.env, MEDIATOR_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) =>
					error ? reject(new Error(`audit verify failed: ${stdout}${stderr}`)) : resolve(stdout)
				);
			});
		},
		async openDispute(parties, amount = 40_000) {
			const order = await node.createOrder({ kind: 'sell', buyerPubkey: parties.buyer.pk, sellerPubkey: parties.seller.pk, amount });
			const dispute = await node.openDispute(order.id, 'buyer');
			await waitFor(() => query('SELECT id FROM disputes WHERE id = ?', dispute.id)[0], 'the dispute in the console', 10_000);
			return { orderId: order.id, disputeId: dispute.id };
		},
		async stop() {
			await world.console?.stop('SIGKILL');
			await node.stop();
			await lnd.stop();
			for (const relay of relays) await relay.stop();
			rmSync(relayDir, { recursive: true, force: true });
			if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
	return world;
}
