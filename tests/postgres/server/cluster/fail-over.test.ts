// Fail-over of the engine between two replicas on one real PostgreSQL (issue 20), in one process:
// each replica has its own connection pool, services and leader lease; killing the leader is
// cutting its lock connection and dropping its engine without any clean-up. A take is sent by the
// leader; the leader dies before the node's answer arrives; the other replica takes the lead
// within 10 s, matches the answer against the journal row in the database, the take is applied
// once, the node received the take once, and the audit chain verifies.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startRelay, type RunningRelay } from '../../../../sim/relay/index.ts';
import { startLndDouble, type LndDouble } from '../../../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble } from '../../../../sim/mostrod/index.ts';
import { openPostgres } from '../../../../src/lib/server/db/postgres.ts';
import { readMigrationSetFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import type { ConsoleDatabase } from '../../../../src/lib/server/db/index.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { createMostroServices, startMostroServices, type MostroServices } from '../../../../src/lib/server/mostro/services.ts';
import { LeaderLease } from '../../../../src/lib/server/cluster/leader-lease.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { createSolverKey } from '../../../../src/lib/server/vault/solver-keys.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { verifyAuditLog } from '../../../../src/lib/server/audit/query.ts';
import { personActor, systemActor } from '../../../../src/lib/server/auth/actor.ts';
import { createPostgresDatabase, testPostgresUrl } from '../../../helpers/test-db.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { testKey } from '../../../integration/sim/mostrod/client.ts';

interface Replica {
	database: ConsoleDatabase;
	services: MostroServices;
	lease: LeaderLease;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
	cleanups.length = 0;
});

describe('engine fail-over between two replicas (PostgreSQL)', () => {
	it('matches a take answered after the leader died on the new leader, once', async () => {
		const server = testPostgresUrl();
		if (!server) throw new Error('MEDIATOR_DATABASE_URL is not set: run these tests with npm run test:pg');
		const relay: RunningRelay = await startRelay();
		cleanups.push(() => relay.stop());
		const lnd: LndDouble = await startLndDouble({ seed: 'fail-over' });
		cleanups.push(() => lnd.stop());
		// The node answers DMs in batches every 3 s: time to kill the leader between send and answer.
		const node: MostrodDouble = await startMostrod({ relays: [relay.url], lnd, dmFlushMs: 3000, guardianIntervalMs: 0, protocolVersion: 2 });
		cleanups.push(() => node.stop());
		const url = await createPostgresDatabase(server);
		const masterKey = new Uint8Array(randomBytes(32));
		const connection = { pubkey: node.pubkey, relays: [relay.url], useNodeRelayList: false, source: 'settings' as const };

		async function replica(name: string): Promise<Replica> {
			const database = await openPostgres(url, readMigrationSetFromDisk().postgres, { max: 4, applicationName: name });
			const services = createMostroServices(database.db, createSealer(masterKey), { replyTimeoutMs: () => 4000 });
			const lease = new LeaderLease(url, { intervalMs: 200, onAcquired: () => startMostroServices(services, connection), onLost: () => services.engine.stop() });
			cleanups.push(
				() => database.close(),
				() => services.engine.stop(),
				() => lease.stop()
			);
			lease.start();
			return { database, services, lease };
		}

		const a = await replica('replica-a');
		await waitFor(() => a.lease.isLeader, 'a leading');
		const b = await replica('replica-b');
		const db = a.database.db;
		await waitFor(() => db.selectFrom('instance_info').select('node_pubkey').executeTakeFirst(), 'the node instance info');

		const operatorId = await insertUser(db, { name: 'olga', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const operator = personActor({ id: operatorId, name: 'olga', role: 'operator' });
		const aliceId = await insertUser(db, { name: 'alice', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		await createSolverKey(a.services, systemActor('system'), aliceId, { generate: true });
		await a.services.messenger.refreshRecipients();
		const alice = personActor({ id: aliceId, name: 'alice', role: 'mediator' });
		expect((await executeAddSolver(a.services, operator, aliceId, { permission: 'read-write', nodeKey: encodeNsec(node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		const order = await node.createOrder({ kind: 'sell', buyerPubkey: testKey('fo-buyer').pk, sellerPubkey: testKey('fo-seller').pk, amount: 40_000 });
		const dispute = await node.openDispute(order.id, 'buyer');
		await waitFor(() => db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute on the leader');

		// The take leaves through the leader; kill the leader once the node has the request.
		const sentThroughA = executeTake(a.services, alice, dispute.id, { confirmedTakeover: false });
		await waitFor(() => node.intake.some((r) => r.action === 'admin-take-dispute'), 'the node receiving the take', 10_000, 1);
		const stopped = a.services.engine.stop();
		const journal = () => db.selectFrom('action_journal').select(['state', 'request_id']).where('action', '=', 'admin-take-dispute').execute();
		// Still unanswered when the leader dies: only the new leader can match the answer.
		expect((await journal()).map((r) => r.state)).toEqual(['sent']);
		const pid = await a.lease.backendPid();
		const admin = new pg.Client({ connectionString: url });
		await admin.connect();
		const killedAt = Date.now();
		await admin.query('SELECT pg_terminate_backend($1)', [pid]);
		await admin.end();
		await stopped;

		await waitFor(() => b.lease.isLeader, 'b taking the lead', 10_000);
		expect(Date.now() - killedAt).toBeLessThan(10_000);
		await waitFor(async () => (await journal())[0]?.state === 'acknowledged', 'b matching the answer from the journal', 15_000);
		const row = await db.selectFrom('disputes').select(['holder_user_id', 'status', 'buyer_pubkey']).where('id', '=', dispute.id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ holder_user_id: aliceId, status: 'in-progress', buyer_pubkey: testKey('fo-buyer').pk });
		expect(await journal()).toHaveLength(1);
		expect(node.intake.filter((r) => r.action === 'admin-take-dispute')).toHaveLength(1);
		const audit = (await db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
		expect(audit.filter((action) => action === 'dispute.taken')).toHaveLength(1);
		expect((await verifyAuditLog(db)).ok).toBe(true);
		// The dead leader never saw the answer (its own wait ends without one): the new leader matched it.
		expect((await sentThroughA).state).toBe('no-answer');
		// …and its time-out does not overwrite the answer the new leader recorded.
		expect((await journal()).map((r) => r.state)).toEqual(['acknowledged']);
	});
});
