// Outgoing actions from a replica that does not lead (issue 20, "Outgoing actions from any replica
// go through the journal; replies are matched from the database"), on a real PostgreSQL with two
// replica service sets in one process (as fail-over.test.ts): a take and a decision requested on
// the follower are queued in the journal, published once by the leader, and the follower's
// caller gets the node's answer; a leader that claimed a handed-off take (its signed event
// stored) and died before publishing it is replaced by the follower, which publishes that same
// event once and answers its own waiting caller.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startRelay } from '../../../../sim/relay/index.ts';
import { startLndDouble } from '../../../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble } from '../../../../sim/mostrod/index.ts';
import { openPostgres } from '../../../../src/lib/server/db/postgres.ts';
import { readMigrationSetFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import type { ConsoleDatabase, Db } from '../../../../src/lib/server/db/index.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { createMostroServices, startMostroServices, type MostroServices } from '../../../../src/lib/server/mostro/services.ts';
import { LeaderLease } from '../../../../src/lib/server/cluster/leader-lease.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { createSolverKey } from '../../../../src/lib/server/vault/solver-keys.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { decide } from '../../../../src/lib/server/mostro/actions/decide.ts';
import { decisionResultOf } from '../../../../src/lib/protocol/actions/decision-reply.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { verifyAuditLog } from '../../../../src/lib/server/audit/query.ts';
import { personActor, systemActor, type PersonActor } from '../../../../src/lib/server/auth/actor.ts';
import { createPostgresDatabase, testPostgresUrl } from '../../../helpers/test-db.ts';
import { decisionInput } from '../../../helpers/decision-world.ts';
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

/** One PostgreSQL database, a relay, the node double and two replicas; A leads, B follows. */
async function twoReplicas(options: { leaderRelays: boolean }) {
	const server = testPostgresUrl();
	if (!server) throw new Error('MEDIATOR_DATABASE_URL is not set: run these tests with npm run test:pg');
	const relay = await startRelay();
	cleanups.push(() => relay.stop());
	const lnd = await startLndDouble({ seed: `hand-off-${randomBytes(4).toString('hex')}` });
	cleanups.push(() => lnd.stop());
	const node: MostrodDouble = await startMostrod({ relays: [relay.url], lnd, guardianIntervalMs: 0, protocolVersion: 2 });
	cleanups.push(() => node.stop());
	const url = await createPostgresDatabase(server);
	const masterKey = new Uint8Array(randomBytes(32));
	const connection = { pubkey: node.pubkey, relays: [relay.url], useNodeRelayList: false, source: 'settings' as const };

	async function replica(name: string, handOffIntervalMs: number | null): Promise<Replica> {
		const database = await openPostgres(url, readMigrationSetFromDisk().postgres, { max: 4, applicationName: name });
		const box: { lease: LeaderLease | null } = { lease: null };
		const services = createMostroServices(database.db, createSealer(masterKey), { replyTimeoutMs: () => 6000, leads: () => box.lease?.isLeader ?? false, handOffIntervalMs });
		const lease = new LeaderLease(url, { intervalMs: 200, onAcquired: () => startMostroServices(services, connection), onLost: () => services.engine.stop() });
		box.lease = lease;
		cleanups.push(
			() => database.close(),
			() => services.handOff.stop(),
			() => services.engine.stop(),
			() => lease.stop()
		);
		lease.start();
		return { database, services, lease };
	}

	const a = await replica('replica-a', options.leaderRelays ? 50 : null);
	await waitFor(() => a.lease.isLeader, 'a leading');
	const b = await replica('replica-b', 50);
	const db = a.database.db;
	await waitFor(() => db.selectFrom('instance_info').select('node_pubkey').executeTakeFirst(), 'the node instance info');
	const operatorId = await insertUser(db, { name: 'olga', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
	const operator = personActor({ id: operatorId, name: 'olga', role: 'operator' });
	const aliceId = await insertUser(db, { name: 'alice', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
	await createSolverKey(a.services, systemActor('system'), aliceId, { generate: true });
	await a.services.messenger.refreshRecipients();
	expect((await executeAddSolver(a.services, operator, aliceId, { permission: 'read-write', nodeKey: encodeNsec(node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
	const alice = personActor({ id: aliceId, name: 'alice', role: 'mediator' });
	return { url, node, a, b, db, alice };
}

async function openDispute(node: MostrodDouble, db: Db, tag: string) {
	const order = await node.createOrder({ kind: 'sell', buyerPubkey: testKey(`${tag}-buyer`).pk, sellerPubkey: testKey(`${tag}-seller`).pk, amount: 40_000, fiatCode: 'VES', fiatAmount: 900 });
	const dispute = await node.openDispute(order.id, 'buyer');
	await waitFor(() => db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute in the database');
	return { orderId: order.id, disputeId: dispute.id };
}

const journalOf = (db: Db, action: string) => db.selectFrom('action_journal').selectAll().where('action', '=', action).execute();
const auditOf = async (db: Db) => (await db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action);
const received = (node: MostrodDouble, action: string) => node.intake.filter((r) => r.action === action);

async function killLeader(url: string, leader: Replica): Promise<void> {
	const stopped = leader.services.engine.stop();
	const pid = await leader.lease.backendPid();
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	await admin.query('SELECT pg_terminate_backend($1)', [pid]);
	await admin.end();
	await stopped;
}

describe('outgoing actions from a follower replica (PostgreSQL)', () => {
	it('a take and a decision asked on the follower are published once by the leader and answered to the follower', async () => {
		const { node, a, b, db, alice } = await twoReplicas({ leaderRelays: true });
		expect(b.lease.isLeader).toBe(false);
		const { orderId, disputeId } = await openDispute(node, db, 'ho-take');

		const take = await executeTake(b.services, alice as PersonActor, disputeId, { confirmedTakeover: false });
		expect(take.state).toBe('acknowledged');
		const [takeRow] = await journalOf(db, 'admin-take-dispute');
		if (!takeRow) throw new Error('no journal row for the take');
		expect(takeRow).toMatchObject({ state: 'acknowledged', claimed_by: a.services.handOff.term });
		expect(takeRow.outgoing).not.toBeNull();
		// The follower never held a relay connection: the leader published the take, once.
		expect(b.services.engine.running).toBe(false);
		expect(received(node, 'admin-take-dispute')).toHaveLength(1);
		expect(received(node, 'admin-take-dispute')[0]?.eventId).toBe(takeRow.event_id);
		const dispute = await db.selectFrom('disputes').select(['holder_user_id', 'status']).where('id', '=', disputeId).executeTakeFirstOrThrow();
		expect(dispute).toMatchObject({ holder_user_id: alice.userId, status: 'in-progress' });
		// No private key is kept in the journal: only the message and the signed (public) event.
		expect(JSON.stringify(takeRow)).not.toContain('nsec');

		const decided = await decide(b.services, alice as PersonActor, disputeId, decisionInput(orderId, 'settle'));
		expect(decided).toMatchObject({ kind: 'executed', outcome: { state: 'acknowledged' } });
		if (decided.kind !== 'executed' || decided.outcome.state !== 'acknowledged') throw new Error('the decision was not acknowledged');
		expect(decisionResultOf(decided.outcome.reply)).toBe('settled');
		await waitFor(() => node.order(orderId)?.status === 'success', 'the order settled on the node');
		expect(received(node, 'admin-settle')).toHaveLength(1);
		expect((await journalOf(db, 'admin-settle')).map((r) => r.state)).toEqual(['acknowledged']);
		// The leader records the publication once its receipts are in (the reply may be faster).
		await waitFor(async () => (await auditOf(db)).includes('admin-settle.relayed'), 'the settle recorded as relayed');
		const audit = await auditOf(db);
		expect(audit.filter((x) => x === 'admin-take-dispute.relayed')).toHaveLength(1);
		expect(audit.filter((x) => x === 'admin-settle.relayed')).toHaveLength(1);
		expect(audit.filter((x) => x === 'dispute.taken')).toHaveLength(1);
		expect((await verifyAuditLog(db)).ok).toBe(true);
	}, 60_000);

	it('a leader killed after claiming a handed-off take but before publishing it: the new leader publishes that event once', async () => {
		// A never claims on its own: the test claims for it, then kills it before it publishes.
		const { url, node, a, b, db, alice } = await twoReplicas({ leaderRelays: false });
		const { disputeId } = await openDispute(node, db, 'ho-kill');

		const asked = executeTake(b.services, alice as PersonActor, disputeId, { confirmedTakeover: false });
		await waitFor(async () => (await journalOf(db, 'admin-take-dispute'))[0]?.state === 'queued', 'the take queued by the follower');
		const [queued] = await journalOf(db, 'admin-take-dispute');
		if (!queued) throw new Error('no queued take');
		const claimed = await a.services.handOff.claim(queued);
		expect(claimed).not.toBeNull();
		claimed?.request.signer.secret.fill(0);
		const [held] = await journalOf(db, 'admin-take-dispute');
		if (!held) throw new Error('the claimed take is gone');
		expect(held).toMatchObject({ state: 'queued', claimed_by: a.services.handOff.term, event_id: claimed?.event.id });
		// A second claim by the same leader term, or a fresh signature, is refused by the row.
		expect(await a.services.handOff.claim(held)).toBeNull();

		await killLeader(url, a);
		await waitFor(() => b.lease.isLeader, 'b taking the lead', 10_000);
		const outcome = await asked;
		expect(outcome.state).toBe('acknowledged');
		const [row] = await journalOf(db, 'admin-take-dispute');
		expect(row).toMatchObject({ state: 'acknowledged', claimed_by: b.services.handOff.term, event_id: claimed?.event.id });
		// The node saw the one event the dead leader signed, once.
		expect(received(node, 'admin-take-dispute').map((r) => r.eventId)).toEqual([claimed?.event.id]);
		await waitFor(async () => (await auditOf(db)).includes('admin-take-dispute.relayed'), 'the take recorded as relayed');
		const relayed = await db.selectFrom('audit_log').select('details').where('action', '=', 'admin-take-dispute.relayed').execute();
		expect(relayed).toHaveLength(1);
		expect(JSON.parse(relayed[0]?.details ?? '{}')).toMatchObject({ takenOver: true });
		expect((await verifyAuditLog(db)).ok).toBe(true);
	}, 60_000);
});
