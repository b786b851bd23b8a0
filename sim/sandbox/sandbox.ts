// The sandbox launcher used by `npm start` without a configured node, by tests and benchmarks:
// starts in-process the embedded relay (SQLite file under dataDir, else :memory:), the LND
// double, the blob server, the node double (HTTP control endpoint on an ephemeral loopback
// port) and the traders; seeds a varied set of disputes, then trickles new ones. With a dataDir
// the node key, registered solvers, seeded disputes and the node double's rows are kept in a
// state file, so a restart keeps the same node (takes and resolutions keep working, escrows are
// re-locked in the fresh LND double, which keeps its port, certificate and macaroon when it can)
// and never duplicates the seed. Must never bind beyond loopback, and
// `stop()` closes every server, socket and timer it started.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { startBlobServer } from '../blossom/index.ts';
import { startLndDouble } from '../lnd/index.ts';
import { startMostrod, type MostrodDouble } from '../mostrod/index.ts';
import { startRelay } from '../relay/index.ts';
import { deriveKey, TraderCrowd, type ScenarioResult } from '../traders/index.ts';
import { resumeDispute, seedDispute, type SeedEnv } from './dispute-seeder.ts';
import { HouseSolver } from './house-solver.ts';
import { readSandboxState, writeSandboxState, type DisputeRecord, type SandboxState } from './sandbox-state.ts';
import { plannedDispute, trickleDispute } from './seed-plan.ts';
import { startTrickle } from './trickle.ts';

export type SandboxOptions = {
	/** Keeps the relay database and the state file; absent = everything in memory. */
	dataDir?: string;
	/** Seeds keys, scenarios and replies. Default: random (or the state file's). */
	seed?: string;
	/** Period of new disputes; 0 = off. Default 90 000. */
	trickleEveryMs?: number;
	/** Seeded disputes. Default 12. */
	disputes?: number;
	/** Trickled disputes being opened at once (a scenario takes a few seconds). Default 1. */
	trickleConcurrency?: number;
	/** Node transport. Default 2. */
	protocolVersion?: 1 | 2;
	/** Loopback address for every server. Default 127.0.0.1. */
	host?: string;
	/** Relay port (0 = ephemeral, the default). */
	relayPort?: number;
	/** Anti-abuse bonds on (MEDIATOR_SANDBOX_BONDS): the node advertises them and every new dispute's order holds both parties' bonds, so slashing can be practised. Default off. */
	bonds?: boolean;
	/** Delay of the traders' scripted replies. Default 400 ms. */
	replyDelayMs?: number;
	log?: (line: string) => void;
};

export type Sandbox = {
	relayUrl: string;
	nodePubkey: string;
	/** Hex. The sandbox is not production: the console's operator uses it to register solvers. */
	nodeSecretKey: string;
	lnd: { socket: string; cert: string; macaroon: string };
	blobUrl: string;
	controlUrl: string;
	protocolVersion: 1 | 2;
	/** Register (or re-grade) a solver on the node double; remembered across restarts with a dataDir. */
	registerSolver(pubkey: string, permission: 'read' | 'read-write'): Promise<void>;
	crowd: TraderCrowd;
	node: MostrodDouble;
	/** The scenarios this run started or resumed (their parties' handles and replies), oldest first. */
	scenarios(): ScenarioResult[];
	/** Stops opening new disputes (the rest keeps running); waits for one being opened. */
	stopTrickle(): Promise<void>;
	/** Seeded then trickled disputes, oldest first. */
	disputes(): DisputeRecord[];
	stop(): Promise<void>;
};

const SEED_CONCURRENCY = 4;

function initialState(o: SandboxOptions, dataDir: string | undefined): SandboxState {
	const saved = dataDir ? readSandboxState(dataDir) : null;
	if (saved) return saved;
	const seed = o.seed ?? bytesToHex(randomBytes(8));
	return { version: 1, seed, nodeSecretKey: bytesToHex(deriveKey(seed, 'mostro node').sk), runs: 0, solvers: [], seeded: [], trickled: [] };
}

export async function startSandbox(o: SandboxOptions = {}): Promise<Sandbox> {
	const host = o.host ?? '127.0.0.1';
	const log = o.log ?? (() => undefined);
	const dataDir = o.dataDir;
	if (dataDir) mkdirSync(dataDir, { recursive: true });
	const state = initialState(o, dataDir);
	state.runs++;
	let nodeRef: MostrodDouble | null = null;
	const save = () => {
		if (!dataDir) return;
		if (nodeRef) state.node = nodeRef.snapshot();
		writeSandboxState(dataDir, state);
	};
	save();
	const stops: Array<() => Promise<void> | void> = [];
	const stopAll = async () => {
		for (const f of stops.reverse()) await Promise.resolve(f()).catch((e: unknown) => log(`stop: ${String(e)}`));
	};
	try {
		const relay = await startRelay({ host, port: o.relayPort ?? 0, dbPath: dataDir ? join(dataDir, 'relay.sqlite') : ':memory:' });
		stops.push(() => relay.stop());
		const lnd = await startLndDouble({ host, seed: state.seed, port: state.lnd?.port ?? 0, identity: state.lnd }).catch(() =>
			// The port of the last run is taken: a new one (the console's saved LND connection is then re-seeded).
			startLndDouble({ host, seed: state.seed, identity: state.lnd })
		);
		stops.push(() => lnd.stop());
		state.lnd = { ...lnd.identity, port: Number(lnd.socket.slice(lnd.socket.lastIndexOf(':') + 1)) };
		save();
		const blobs = await startBlobServer();
		stops.push(() => blobs.stop());
		const protocolVersion = o.protocolVersion ?? 2;
		const node = await startMostrod({
			relays: [relay.url],
			lnd,
			secretKey: state.nodeSecretKey,
			seed: `${state.seed} run ${state.runs}`,
			protocolVersion,
			dmFlushMs: 20,
			controlPort: 0,
			solvers: state.solvers,
			instanceName: 'Mostro sandbox',
			...(o.bonds ? { bondEnabled: true, bondApplyTo: 'both' as const } : {}),
			log
		});
		stops.push(() => node.stop());
		if (state.node) await node.restoreSnapshot(state.node as Parameters<MostrodDouble['restoreSnapshot']>[0]);
		nodeRef = node;
		const crowd = await TraderCrowd.open({ relays: [relay.url], nodePubkey: node.pubkey, transport: protocolVersion, lnd, blobs, seed: state.seed, replyDelayMs: o.replyDelayMs ?? 400 });
		stops.push(() => crowd.stop());
		const house = await HouseSolver.start(crowd, state.seed);
		stops.push(() => house.close());
		node.addSolver(house.key.pk, 'read-write');
		const scenarios: ScenarioResult[] = [];
		const env: SeedEnv = { ctx: { crowd, control: node }, house, onScenario: (r) => scenarios.push(r), ...(o.bonds ? { lockBonds: (orderId: string) => node.lockBonds(orderId, { buyer: true, seller: true }) } : {}) };

		const wanted = o.disputes ?? 12;
		const todo: number[] = [];
		for (let i = 0; i < wanted; i++) {
			const rec = state.seeded.find((r) => r.label === `seed-${i}`);
			if (rec) await resumeDispute(env, rec, plannedDispute(i));
			else todo.push(i);
		}
		for (const rec of state.trickled) await resumeDispute(env, rec, trickleDispute(Number(rec.label.slice('trickle-'.length))));
		for (let b = 0; b < todo.length; b += SEED_CONCURRENCY) {
			const batch = todo.slice(b, b + SEED_CONCURRENCY);
			const recs = await Promise.all(batch.map((i) => seedDispute(env, `seed-${i}`, plannedDispute(i))));
			state.seeded.push(...recs);
			save();
			for (const r of recs) log(`seeded ${r.label}: ${r.scenario} (${r.outcome}) dispute ${r.disputeId}`);
		}

		let nextTrickle = state.trickled.reduce((n, r) => Math.max(n, Number(r.label.slice('trickle-'.length)) + 1), 0);
		const trickle = startTrickle(
			o.trickleEveryMs ?? 90_000,
			async () => {
				const n = nextTrickle++;
				const rec = await seedDispute(env, `trickle-${n}`, trickleDispute(n));
				state.trickled.push(rec);
				save();
				log(`trickled ${rec.label}: ${rec.scenario} dispute ${rec.disputeId}`);
			},
			log,
			1000,
			o.trickleConcurrency ?? 1
		);
		stops.push(() => trickle.stop());

		let stopped: Promise<void> | null = null;
		return {
			relayUrl: relay.url,
			nodePubkey: node.pubkey,
			nodeSecretKey: state.nodeSecretKey,
			lnd: { socket: lnd.socket, cert: lnd.cert, macaroon: lnd.macaroon },
			blobUrl: blobs.url,
			controlUrl: node.controlUrl ?? '',
			protocolVersion,
			crowd,
			node,
			disputes: () => [...state.seeded, ...state.trickled],
			scenarios: () => [...scenarios],
			stopTrickle: () => trickle.stop(),
			registerSolver: async (pubkey, permission) => {
				if (!node.addSolver(pubkey, permission)) node.setSolverPermission(pubkey, permission);
				state.solvers = [...state.solvers.filter((s) => s.pubkey !== pubkey), { pubkey, permission }];
				save();
			},
			stop: () => {
				stopped ??= (async () => {
					save();
					await stopAll();
				})();
				return stopped;
			}
		};
	} catch (err) {
		await stopAll();
		throw err;
	}
}
