// Solver registration and taking disputes against the node double over the embedded relay:
// acknowledged, refused in words, silent then reconciled, takeovers. On transport v2 (the
// current daemon); both transports carry the same messages, which the protocol tests prove.
// A daemon older than v0.17.4 speaks gift wrap (v1) only, so that case runs on v1. The node
// double drops a request whose message `version` differs from its transport (strict).
// The take rules themselves are a table in tests/unit/server/mostro/actions/take-rules.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { assessTake, executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { getSolverKey } from '../../../../src/lib/server/vault/solver-keys.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { buildAdminTakeDispute } from '../../../../src/lib/protocol/actions/admin-take-dispute.ts';
import { MostroClient, testKey } from '../../sim/mostrod/client.ts';

const protocolVersion = 2;

describe('taking disputes', () => {
	let world: ConsoleWorld;
	const buyer = testKey(`buyer-v${protocolVersion}`);
	const seller = testKey(`seller-v${protocolVersion}`);

	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion, strictMessageVersion: true });
	});
	afterEach(() => world.stop());

	async function openDispute(by: 'buyer' | 'seller' = 'buyer') {
		const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 50_000, fiatCode: 'VES', fiatAmount: 1200 });
		const dispute = await world.node.openDispute(order.id, by);
		await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute in the console');
		return { orderId: order.id, disputeId: dispute.id };
	}

	async function registeredMediator(name: string, permission: 'read' | 'read-write') {
		const user = await world.addMediator(name);
		const outcome = await executeAddSolver(world.services, world.operator, user.id, { permission, nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
		expect(outcome.state).toBe('acknowledged');
		return user;
	}

	it('registers solvers with the node key; a duplicate gets no answer', async () => {
		const alice = await registeredMediator('alice', 'read-write');
		expect(await getSolverKey(world.database.db, alice.id)).toMatchObject({ permission: 'read-write', registration_state: 'acknowledged' });
		expect(world.node.user(alice.pubkey)).toMatchObject({ isSolver: true, category: 2 });
		// The node drops a duplicate without a word.
		world.expectNoAnswer();
		const again = await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
		expect(again.state).toBe('no-answer');
		await world.endSilence('admin-add-solver');
		await expect(executeAddSolver(world.services, world.operator, alice.id, { permission: 'read', nodeKey: encodeNsec(testKey('not the node').sk), keepNodeKey: false })).rejects.toMatchObject({
			messageKey: 'solvers.error.node_key_mismatch'
		});
	});

	it('registers a read-write solver on a daemon older than v0.17.4 (no suffix grammar there, gift wrap only)', async () => {
		await world.stop();
		world = await startConsoleWorld({ protocolVersion: 1, version: '0.17.3', strictMessageVersion: true });
		const bob = await registeredMediator('bob', 'read-write');
		expect(await getSolverKey(world.database.db, bob.id)).toMatchObject({ permission: 'read-write', registration_state: 'acknowledged' });
		expect(world.node.user(bob.pubkey)).toMatchObject({ isSolver: true, category: 2 });
	});

	it('takes a dispute: info stored with the preimage sealed, holder and order recorded, parties notified', async () => {
		const alice = await registeredMediator('alice', 'read-write');
		const { orderId, disputeId } = await openDispute('buyer');
		const outcome = await executeTake(world.services, alice, disputeId, { confirmedTakeover: false });
		expect(outcome.state).toBe('acknowledged');
		const row = await world.database.db.selectFrom('dispute_info').selectAll().where('dispute_id', '=', disputeId).executeTakeFirstOrThrow();
		const info = JSON.parse(row.info) as Record<string, unknown>;
		expect(info).toMatchObject({ id: orderId, amount: 50_000, buyer_pubkey: buyer.pk, seller_pubkey: seller.pk });
		expect(info).not.toHaveProperty('preimage');
		const preimage = world.node.order(orderId)?.preimage ?? '';
		expect(preimage).toMatch(/^[0-9a-f]{64}$/);
		expect(row.preimage_sealed).not.toContain(preimage);
		expect(new TextDecoder().decode(world.services.sealer.open(row.preimage_sealed ?? '', `preimage:dispute:${disputeId}`))).toBe(preimage);
		const dispute = await world.database.db.selectFrom('disputes').selectAll().where('id', '=', disputeId).executeTakeFirstOrThrow();
		expect(dispute).toMatchObject({ holder_user_id: alice.id, order_id: orderId, amount_sats: 50_000 });
		expect(world.node.dispute(disputeId)?.solverPubkey).toBe(alice.pubkey);
		await waitFor(() => world.node.sentDms().filter((dm) => dm.message.kind.action === 'admin-took-dispute' && [buyer.pk, seller.pk].includes(dm.to)).length === 2, 'both party notices');
		await waitFor(async () => (await world.database.db.selectFrom('disputes').select('status').where('id', '=', disputeId).executeTakeFirst())?.status === 'in-progress', 'the in-progress revision');
		const audit = (await world.database.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
		expect(audit).toEqual(expect.arrayContaining(['admin-take-dispute.sent', 'dispute.taken', 'admin-take-dispute.acknowledged']));
	});

	it('shows the node refusal in words (invalid_pubkey) when the node admin holds the dispute', async () => {
		const alice = await registeredMediator('alice', 'read-write');
		const { disputeId } = await openDispute('seller');
		const admin = await MostroClient.connect(world.relay.url, world.node.pubkey, protocolVersion);
		try {
			const nodeKey = { sk: world.node.secretKey, pk: world.node.pubkey };
			await admin.listen(nodeKey);
			await admin.request(buildAdminTakeDispute({ disputeId, requestId: admin.nextRequestId() }), nodeKey);
		} finally {
			await admin.close();
		}
		await waitFor(async () => (await world.database.db.selectFrom('disputes').select('status').where('id', '=', disputeId).executeTakeFirst())?.status === 'in-progress', 'the admin take');
		const verdict = await assessTake(world.services, alice.id, disputeId);
		expect(verdict).toMatchObject({ allowed: true, kind: 'takeover', needsConfirmation: true });
		await expect(executeTake(world.services, alice, disputeId, { confirmedTakeover: false })).rejects.toMatchObject({ messageKey: 'take.confirm_needed' });
		expect(await executeTake(world.services, alice, disputeId, { confirmedTakeover: true })).toEqual({ state: 'refused', reason: 'invalid_pubkey' });
	});

	it('applies the takeover rules before sending and takes over a read-only colleague', async () => {
		const reader = await registeredMediator('rita', 'read');
		const writer = await registeredMediator('walter', 'read-write');
		const other = await registeredMediator('wendy', 'read-write');
		const { disputeId } = await openDispute();
		expect((await executeTake(world.services, reader, disputeId, { confirmedTakeover: false })).state).toBe('acknowledged');
		expect(await assessTake(world.services, reader.id, disputeId)).toMatchObject({ allowed: true, kind: 'retake' });
		expect(await assessTake(world.services, writer.id, disputeId)).toMatchObject({ allowed: true, kind: 'takeover', previousHolder: { name: 'rita' } });
		expect((await executeTake(world.services, writer, disputeId, { confirmedTakeover: true })).state).toBe('acknowledged');
		expect(await assessTake(world.services, reader.id, disputeId)).toEqual({ allowed: false, reason: 'read_over_anyone' });
		expect(await assessTake(world.services, other.id, disputeId)).toEqual({ allowed: false, reason: 'rw_over_rw' });
		const notice = await world.database.db.selectFrom('user_notices').selectAll().where('user_id', '=', reader.id).executeTakeFirst();
		expect(notice).toMatchObject({ kind: 'dispute_taken_over', dispute_id: disputeId });
		const audit = (await world.database.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
		expect(audit).toContain('dispute.takeover');
	});

	it('shows "no answer" for a silent node, then reconciles when the in-progress revision appears', async () => {
		const alice = await registeredMediator('alice', 'read-write');
		const { disputeId } = await openDispute();
		world.silence('admin-take-dispute');
		const outcome = await executeTake(world.services, alice, disputeId, { confirmedTakeover: false });
		expect(outcome.state).toBe('no-answer');
		const row = await world.database.db.selectFrom('action_journal').selectAll().where('dispute_id', '=', disputeId).executeTakeFirstOrThrow();
		expect(row.state).toBe('no-answer');
		// The node processes a copy whose answer we never see (another request id).
		await world.endSilence('admin-take-dispute');
		const stray = await MostroClient.connect(world.relay.url, world.node.pubkey, protocolVersion);
		try {
			const solverKey = await import('../../../../src/lib/server/vault/solver-keys.ts').then((m) => m.openSolverSecret(world.database.db, world.services.sealer, alice.id));
			await stray.send(buildAdminTakeDispute({ disputeId, requestId: stray.nextRequestId() }), { sk: solverKey!.secret, pk: solverKey!.pubkey });
		} finally {
			await stray.close();
		}
		await waitFor(async () => (await world.database.db.selectFrom('action_journal').select('state').where('dispute_id', '=', disputeId).executeTakeFirst())?.state === 'reconciled', 'reconciliation');
		const dispute = await world.database.db.selectFrom('disputes').select(['holder_user_id', 'status']).where('id', '=', disputeId).executeTakeFirstOrThrow();
		expect(dispute).toEqual({ holder_user_id: alice.id, status: 'in-progress' });
	});
});

describe('taking a legacy dispute (kind 38383 z=dispute, no initiator tag)', () => {
	let world: ConsoleWorld;
	afterEach(() => world.stop());

	it('derives the initiator from SolverDisputeInfo after the take and keeps it on later revisions', async () => {
		world = await startConsoleWorld({ protocolVersion: 2, legacyDisputes: true });
		const buyer = testKey('legacy-buyer');
		const seller = testKey('legacy-seller');
		const user = await world.addMediator('lena');
		expect((await executeAddSolver(world.services, world.operator, user.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 40_000, fiatCode: 'ARS', fiatAmount: 900 });
		const dispute = await world.node.openDispute(order.id, 'seller');
		const row = () => world.database.db.selectFrom('disputes').select(['initiator', 'status', 'legacy']).where('id', '=', dispute.id).executeTakeFirst();
		await waitFor(row, 'the legacy dispute in the console');
		expect(await row()).toMatchObject({ initiator: null, legacy: 1 });
		expect((await executeTake(world.services, user, dispute.id, { confirmedTakeover: false })).state).toBe('acknowledged');
		expect((await row())?.initiator).toBe('seller');
		await waitFor(async () => (await row())?.status === 'in-progress', 'the in-progress legacy revision');
		expect((await row())?.initiator).toBe('seller');
	});
});
