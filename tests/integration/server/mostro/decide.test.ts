// Settling and cancelling disputes against the node double over the embedded relay and the LND
// double: with and without bond slashing, refusals in words, a read-only solver, silence then
// reconciliation, four-eyes approval and rejection, and a dispute the seller closed by
// releasing. On transport v2 (the current daemon); both transports carry the same messages,
// which the protocol tests prove. The decision rules themselves are tables in
// tests/unit/server/mostro/actions/decision-rules.test.ts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { auditActions, decisionInput, disputeStatus, openDispute, registeredMediator, takenDispute } from '../../../helpers/decision-world.ts';
import { assessDecision, decide, reviewDecision } from '../../../../src/lib/server/mostro/actions/decide.ts';
import { loadDecisionView } from '../../../../src/lib/server/mostro/decision-view.ts';
import { setFourEyesSats } from '../../../../src/lib/server/mostro/decision-settings.ts';
import { openSolverSecret } from '../../../../src/lib/server/vault/solver-keys.ts';
import { buildAdminTakeDispute } from '../../../../src/lib/protocol/actions/admin-take-dispute.ts';
import { buildAdminSettle } from '../../../../src/lib/protocol/actions/admin-settle.ts';
import { MostroClient, testKey } from '../../sim/mostrod/client.ts';

const protocolVersion = 2;

describe('deciding disputes', () => {
	let world: ConsoleWorld;
	const parties = { buyer: testKey(`d-buyer-v${protocolVersion}`), seller: testKey(`d-seller-v${protocolVersion}`) };

	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion, bondEnabled: true, bondApplyTo: 'both' });
	});
	afterEach(() => world.stop());

	const cases = [
		{ outcome: 'settle', slash: {}, invoice: 'SETTLED', order: 'success', dispute: 'settled' },
		{ outcome: 'settle', slash: { slashSeller: true }, invoice: 'SETTLED', order: 'success', dispute: 'settled' },
		{ outcome: 'cancel', slash: {}, invoice: 'CANCELED', order: 'canceled-by-admin', dispute: 'seller-refunded' },
		{ outcome: 'cancel', slash: { slashBuyer: true, slashSeller: true }, invoice: 'CANCELED', order: 'canceled-by-admin', dispute: 'seller-refunded' }
	] as const;
	for (const c of cases) {
		it(`${c.outcome}s with slashing ${JSON.stringify(c.slash)}: hold invoice ${c.invoice}, order ${c.order}`, async () => {
			const alice = await registeredMediator(world, 'alice', 'read-write');
			const { orderId, disputeId, hash } = await takenDispute(world, alice, parties, { bonds: { buyer: true, seller: true } });
			expect(world.lnd.invoice(hash)?.state).toBe('ACCEPTED');
			expect(await assessDecision(world.services, alice, disputeId)).toEqual({ allowed: true, fourEyes: false });
			const result = await decide(world.services, alice, disputeId, decisionInput(orderId, c.outcome, c.slash));
			expect(result).toMatchObject({ kind: 'executed', outcome: { state: 'acknowledged' } });
			expect(world.lnd.invoice(hash)?.state).toBe(c.invoice);
			await waitFor(() => world.node.order(orderId)?.status === c.order, `order ${c.order}`);
			await waitFor(async () => (await disputeStatus(world, disputeId)) === c.dispute, `dispute ${c.dispute} in the console`);
			// Bonds are resolved after the acknowledgement (MOSTROD.md §3.5).
			await waitFor(() => world.node.bonds(orderId).every((b) => b.state !== 'locked'), 'the bond resolution');
			const bonds = world.node.bonds(orderId);
			const slashed = (side: 'buyer' | 'seller') => bonds.find((b) => b.side === side)?.state === 'pending-payout';
			expect(slashed('buyer')).toBe('slashBuyer' in c.slash);
			expect(slashed('seller')).toBe('slashSeller' in c.slash);
			expect(await assessDecision(world.services, alice, disputeId)).toEqual({ allowed: false, reason: 'already_decided' });
			await expect(decide(world.services, alice, disputeId, decisionInput(orderId, 'cancel'))).rejects.toMatchObject({ messageKey: 'decision.blocked.already_decided' });
			const audit = await auditActions(world);
			expect(audit).toEqual(expect.arrayContaining(['decision.executed', `admin-${c.outcome}.sent`, 'decision.outcome', `admin-${c.outcome}.acknowledged`]));
			if (c.outcome === 'settle') {
				await waitFor(async () => (await world.database.db.selectFrom('orders').select('status').where('id', '=', orderId).executeTakeFirst())?.status === 'success', 'the payout success event');
			}
		});
	}

	it('refuses before sending when not the holder, and shows the node refusal when the node admin took the dispute', async () => {
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const bob = await registeredMediator(world, 'bob', 'read-write');
		const { orderId, disputeId } = await takenDispute(world, alice, parties);
		expect(await assessDecision(world.services, bob, disputeId)).toEqual({ allowed: false, reason: 'not_holder' });
		await expect(decide(world.services, bob, disputeId, decisionInput(orderId, 'settle'))).rejects.toMatchObject({ messageKey: 'decision.blocked.not_holder' });
		const admin = await MostroClient.connect(world.relay.url, world.node.pubkey, protocolVersion);
		try {
			const nodeKey = { sk: world.node.secretKey, pk: world.node.pubkey };
			await admin.listen(nodeKey);
			await admin.request(buildAdminTakeDispute({ disputeId, requestId: admin.nextRequestId() }), nodeKey);
		} finally {
			await admin.close();
		}
		expect(await decide(world.services, alice, disputeId, decisionInput(orderId, 'settle'))).toMatchObject({ outcome: { state: 'refused', reason: 'dispute_taken_by_admin' } });
		// A refused decision changed nothing: it may be sent again once the situation changes.
		expect(await assessDecision(world.services, alice, disputeId)).toMatchObject({ allowed: true });
	});

	it('a read-only solver is refused by the console, and by the node when the console did not know', async () => {
		const rita = await registeredMediator(world, 'rita', 'read');
		const first = await takenDispute(world, rita, parties);
		expect(await assessDecision(world.services, rita, first.disputeId)).toEqual({ allowed: false, reason: 'read_only' });
		await expect(decide(world.services, rita, first.disputeId, decisionInput(first.orderId, 'cancel'))).rejects.toMatchObject({ messageKey: 'decision.blocked.read_only' });
		const walt = await registeredMediator(world, 'walt', 'read-write');
		const second = await takenDispute(world, walt, { buyer: testKey('rb2'), seller: testKey('rs2') });
		world.node.setSolverPermission(walt.pubkey, 'read');
		expect(await decide(world.services, walt, second.disputeId, decisionInput(second.orderId, 'cancel'))).toMatchObject({ outcome: { state: 'refused', reason: 'not_authorized' } });
		expect(world.node.order(second.orderId)?.status).toBe('dispute');
	});

	it('shows "no answer" for a silent node, then reconciles from the settled revision', async () => {
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const { orderId, disputeId } = await takenDispute(world, alice, parties);
		world.silence('admin-settle');
		expect(await decide(world.services, alice, disputeId, decisionInput(orderId, 'settle'))).toMatchObject({ outcome: { state: 'no-answer' } });
		expect(await assessDecision(world.services, alice, disputeId)).toEqual({ allowed: false, reason: 'already_decided' });
		await world.endSilence('admin-settle');
		const stray = await MostroClient.connect(world.relay.url, world.node.pubkey, protocolVersion);
		try {
			const key = await openSolverSecret(world.database.db, world.services.sealer, alice.id);
			await stray.send(buildAdminSettle({ orderId, requestId: stray.nextRequestId() }), { sk: key!.secret, pk: key!.pubkey });
		} finally {
			await stray.close();
		}
		await waitFor(async () => (await world.database.db.selectFrom('action_journal').select('state').where('action', '=', 'admin-settle').executeTakeFirst())?.state === 'reconciled', 'reconciliation');
		expect(await disputeStatus(world, disputeId)).toBe('settled');
		expect(await auditActions(world)).toContain('admin-settle.reconciled');
	});

	it('a settle answered cooperative-cancel-accepted is shown as what happened: nothing settled, seller refunded', async () => {
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const { orderId, disputeId, hash } = await takenDispute(world, alice, parties);
		// The parties agree to cancel; the console has not seen the public close yet (MOSTROD.md §3.2 T10).
		world.node.holdCloseEvents();
		await world.node.cooperativeCancel(orderId, 'buyer');
		await world.node.cooperativeCancel(orderId, 'seller');
		expect(world.node.order(orderId)?.status).toBe('cooperatively-canceled');
		const result = await decide(world.services, alice, disputeId, decisionInput(orderId, 'settle'));
		expect(result).toMatchObject({ kind: 'executed', outcome: { state: 'acknowledged', reply: { kind: { action: 'cooperative-cancel-accepted' } } } });
		expect(world.lnd.invoice(hash)?.state).toBe('CANCELED');
		expect(await disputeStatus(world, disputeId)).not.toBe('settled');
		let view = await loadDecisionView(world.services, alice, disputeId);
		expect(view.decisions[0]).toMatchObject({ outcome: 'settle', delivery: 'acknowledged', result: 'cooperatively-canceled' });
		expect(view.payout).toBe('seller-refunded');
		const outcomeAudit = await world.database.db.selectFrom('audit_log').select('details').where('action', '=', 'decision.outcome').executeTakeFirstOrThrow();
		expect(JSON.parse(outcomeAudit.details)).toMatchObject({ reply: 'cooperative-cancel-accepted', result: 'cooperatively-canceled' });
		await world.node.releaseCloseEvents();
		await waitFor(async () => (await disputeStatus(world, disputeId)) === 'seller-refunded', 'the seller-refunded revision');
		view = await loadDecisionView(world.services, alice, disputeId);
		expect(view.payout).toBe('seller-refunded');
		expect(view.decisions[0]?.result).toBe('cooperatively-canceled');
	});

	it('four eyes: a proposal is executed once a second user approves, and a rejected one sends nothing', async () => {
		await setFourEyesSats(world.services, world.operator, null, '10000');
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const bob = await registeredMediator(world, 'bob', 'read-write');
		const first = await takenDispute(world, alice, parties);
		expect(await assessDecision(world.services, alice, first.disputeId)).toEqual({ allowed: true, fourEyes: true });
		const proposed = await decide(world.services, alice, first.disputeId, decisionInput(first.orderId, 'cancel'));
		expect(proposed.kind).toBe('proposed');
		expect(await assessDecision(world.services, alice, first.disputeId)).toEqual({ allowed: false, reason: 'pending_proposal' });
		await expect(reviewDecision(world.services, alice, first.disputeId, { decisionId: proposed.decisionId, approve: true, comment: 'fine by me' })).rejects.toMatchObject({ messageKey: 'decision.error.own_proposal' });
		const approved = await reviewDecision(world.services, bob, first.disputeId, { decisionId: proposed.decisionId, approve: true, comment: 'Evidence checked' });
		expect(approved).toMatchObject({ kind: 'executed', outcome: { state: 'acknowledged' } });
		expect(world.node.order(first.orderId)?.status).toBe('canceled-by-admin');
		const journal = await world.database.db.selectFrom('action_journal').select(['signer_pubkey', 'actor_user_id']).where('action', '=', 'admin-cancel').executeTakeFirstOrThrow();
		expect(journal).toEqual({ signer_pubkey: alice.pubkey, actor_user_id: bob.id });

		const second = await takenDispute(world, alice, { buyer: testKey('fb2'), seller: testKey('fs2') });
		const again = await decide(world.services, alice, second.disputeId, decisionInput(second.orderId, 'settle'));
		expect((await reviewDecision(world.services, world.operator, second.disputeId, { decisionId: again.decisionId, approve: false, comment: 'Ask the seller first' })).kind).toBe('rejected');
		expect(world.node.order(second.orderId)?.status).toBe('dispute');
		expect(await world.database.db.selectFrom('action_journal').select('id').where('dispute_id', '=', second.disputeId).where('action', '=', 'admin-settle').executeTakeFirst()).toBeUndefined();
		expect(await assessDecision(world.services, alice, second.disputeId)).toEqual({ allowed: true, fourEyes: true });
		expect(await auditActions(world)).toEqual(expect.arrayContaining(['decision.proposed', 'decision.approved', 'decision.rejected']));
	});

	it('a dispute closed by the seller releasing cannot be decided', async () => {
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const { orderId, disputeId } = await takenDispute(world, alice, parties);
		await world.node.releaseBySeller(orderId);
		await waitFor(async () => (await disputeStatus(world, disputeId)) === 'settled', 'the settled revision');
		expect(await assessDecision(world.services, alice, disputeId)).toEqual({ allowed: false, reason: 'closed' });
		await expect(decide(world.services, alice, disputeId, decisionInput(orderId, 'cancel'))).rejects.toMatchObject({ messageKey: 'decision.blocked.closed' });
	});

	it('an untaken dispute cannot be decided', async () => {
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const { disputeId } = await openDispute(world, parties);
		expect(await assessDecision(world.services, alice, disputeId)).toEqual({ allowed: false, reason: 'not_taken' });
	});
});
