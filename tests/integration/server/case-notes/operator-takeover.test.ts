// The operator route of a hand-over against the node double (issue 17; MOSTROD.md §2.2, §3.2):
// between two read-write solvers the daemon refuses the colleague's take, so an operator takes
// the case over with the node key. The node then holds it under the node key and refuses the
// colleague's own key any take from it; the console records the colleague as holding it here,
// and their chat channel and decision are signed with the node key, audited. Refusals are typed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { assessTake, executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { latestHandover, listHandoverCandidates, offerHandover } from '../../../../src/lib/server/case-notes/handovers.ts';
import { loadCaseTeam } from '../../../../src/lib/server/case-notes/case-team-view.ts';
import { holderOfTake, takeOverWithNodeKey } from '../../../../src/lib/server/case-notes/operator-takeover.ts';
import { decide } from '../../../../src/lib/server/mostro/actions/decide.ts';
import { getDispute } from '../../../../src/lib/server/cases/dispute-store.ts';
import { listUnreadNotices } from '../../../../src/lib/server/users/notices.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { buildAdminTakeDispute } from '../../../../src/lib/protocol/actions/admin-take-dispute.ts';
import { MostroClient, testKey } from '../../sim/mostrod/client.ts';

describe('the operator route of a hand-over', () => {
	let world: ConsoleWorld;
	const buyer = testKey('operator-route-buyer');
	const seller = testKey('operator-route-seller');

	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion: 2, strictMessageVersion: true });
	});
	afterEach(() => world.stop());

	async function registered(name: string) {
		const user = await world.addMediator(name);
		expect((await executeAddSolver(world.services, world.operator, user.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		return user;
	}

	async function handedBetweenReadWriteSolvers() {
		const walt = await registered('walt');
		const wendy = await registered('wendy');
		const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 50_000, fiatCode: 'EUR', fiatAmount: 30 });
		const disputeId = (await world.node.openDispute(order.id, 'buyer')).id;
		await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', disputeId).executeTakeFirst(), 'the dispute in the console');
		expect((await executeTake(world.services, walt, disputeId, { confirmedTakeover: false })).state).toBe('acknowledged');
		const offer = await offerHandover(world.services, walt, disputeId, { toUserId: wendy.id, note: 'Off shift; the seller owes a receipt.' });
		expect(offer.route).toEqual({ route: 'operator', refusal: 'rw_over_rw' });
		return { walt, wendy, disputeId, orderId: order.id, offer };
	}

	it('takes the case over with the node key for the colleague, who then chats and decides with it', async () => {
		const { walt, wendy, disputeId, orderId, offer } = await handedBetweenReadWriteSolvers();
		// The colleague is told in-app, with who handed it and the note.
		expect((await listUnreadNotices(world.database.db, wendy.id)).find((n) => n.kind === 'handed_to_you')).toMatchObject({ disputeId, params: { from: 'walt', note: 'Off shift; the seller owes a receipt.' } });
		// Without the node key in the console: a typed refusal, nothing sent.
		expect(await loadCaseTeam(world.services, world.operator, disputeId, walt.id)).toMatchObject({ nodeKeyHeld: false, operatorCanAct: false });
		await expect(takeOverWithNodeKey(world.services, world.operator, disputeId, { handoverId: offer.id })).rejects.toMatchObject({ messageKey: 'handover.error.node_key_needed' });
		world.services.launcherNodeKey.hold(world.node.secretKey);
		// Only an operator may use it.
		await expect(takeOverWithNodeKey(world.services, wendy, disputeId, { handoverId: offer.id })).rejects.toMatchObject({ code: 'not_authorized', messageKey: 'handover.error.operator_only' });
		await expect(takeOverWithNodeKey(world.services, world.operator, disputeId, { handoverId: offer.id + 99 })).rejects.toMatchObject({ messageKey: 'handover.error.no_offer' });
		expect(await loadCaseTeam(world.services, world.operator, disputeId, walt.id)).toMatchObject({ nodeKeyHeld: true, operatorCanAct: true });

		expect((await takeOverWithNodeKey(world.services, world.operator, disputeId, { handoverId: offer.id })).state).toBe('acknowledged');
		expect(world.node.dispute(disputeId)?.solverPubkey).toBe(world.node.pubkey);
		expect((await getDispute(world.database.db, disputeId))?.holderUserId).toBe(wendy.id);
		expect(await latestHandover(world.database.db, disputeId)).toMatchObject({ state: 'taken', toUserId: wendy.id });
		// The offer stands no longer: its notice is done.
		expect((await listUnreadNotices(world.database.db, wendy.id)).filter((n) => n.kind === 'handed_to_you')).toEqual([]);
		expect(await loadCaseTeam(world.services, walt, disputeId, wendy.id)).toMatchObject({ handedOnTo: 'wendy', heldByNodeKey: true });
		expect(await loadCaseTeam(world.services, wendy, disputeId, wendy.id)).toMatchObject({ heldByNodeKey: true, handedToMe: false });
		const journal = await world.database.db
			.selectFrom('action_journal')
			.select(['actor_user_id', 'signer_pubkey', 'state', 'details'])
			.where('dispute_id', '=', disputeId)
			.where('signer_pubkey', '=', world.node.pubkey)
			.executeTakeFirstOrThrow();
		expect(journal).toMatchObject({ actor_user_id: world.operator.userId, state: 'acknowledged' });
		expect(holderOfTake(journal)).toBe(wendy.id);
		const audit = await world.database.db.selectFrom('audit_log').select(['action', 'actor_user_id']).where('subject', '=', `dispute:${disputeId}`).execute();
		expect(audit).toEqual(expect.arrayContaining([{ action: 'node_key.used', actor_user_id: world.operator.userId }, expect.objectContaining({ action: 'dispute.handover_taken' }), expect.objectContaining({ action: 'dispute.takeover' })]));

		// The console knows the daemon refuses every solver key here, the new holder's own too, and
		// a further hand-over goes the operator route again.
		expect(await assessTake(world.services, walt.id, disputeId)).toEqual({ allowed: false, reason: 'held_by_node_key' });
		expect(await assessTake(world.services, wendy.id, disputeId)).toEqual({ allowed: false, reason: 'held_by_node_key' });
		expect(await listHandoverCandidates(world.services, wendy.id, disputeId)).toContainEqual({ userId: walt.id, name: 'walt', route: { route: 'operator', refusal: 'held_by_node_key' } });
		// The daemon lets no solver key take a case from the node key (MOSTROD.md §2.2 rule 6).
		const own = await MostroClient.connect(world.relay.url, world.node.pubkey, 2);
		try {
			const wendyKey = testKey('operator-route-wendy-probe');
			world.node.addSolver(wendyKey.pk, 'read-write');
			await own.listen(wendyKey);
			const reply = await own.request(buildAdminTakeDispute({ disputeId, requestId: own.nextRequestId() }), wendyKey);
			expect(reply.message.kind).toMatchObject({ action: 'cant-do', payload: { cant_do: 'invalid_pubkey' } });
			expect(world.node.dispute(disputeId)?.solverPubkey).toBe(world.node.pubkey);
		} finally {
			await own.close();
		}

		// The chat channel with the parties is the node key's; the decision is signed with it.
		await waitFor(() => world.services.chat.channels.get(disputeId, 'buyer')?.solverPubkey === world.node.pubkey, 'the node-key chat channel');
		expect((await world.services.chat.send(wendy, disputeId, 'buyer', 'Hello, I am taking over this dispute.')).receipts.length).toBeGreaterThan(0);
		await expect(world.services.chat.send(walt, disputeId, 'buyer', 'Still me?')).rejects.toMatchObject({ messageKey: 'chat.error.not_holder' });
		const result = await decide(world.services, wendy, disputeId, {
			outcome: 'cancel',
			slashBuyer: false,
			slashSeller: false,
			reasonCode: 'seller_unresponsive',
			justification: 'The seller never sent the receipt asked for twice.',
			confirmOrderId: orderId
		});
		expect(result).toMatchObject({ kind: 'executed', outcome: { state: 'acknowledged' } });
		await waitFor(() => world.node.order(orderId)?.status === 'canceled-by-admin', 'the order canceled on the node');
		const executed = await world.database.db.selectFrom('audit_log').select('details').where('action', '=', 'decision.executed').where('subject', '=', `dispute:${disputeId}`).executeTakeFirstOrThrow();
		expect(JSON.parse(executed.details)).toMatchObject({ solver: 'wendy', nodeKey: true });
	});

	it('is refused for a solver-route offer and once the holder changed', async () => {
		const { walt, disputeId, offer } = await handedBetweenReadWriteSolvers();
		world.services.launcherNodeKey.hold(world.node.secretKey);
		await world.database.db.updateTable('case_handovers').set({ route: 'solver', refusal: null }).where('id', '=', offer.id).execute();
		await expect(takeOverWithNodeKey(world.services, world.operator, disputeId, { handoverId: offer.id })).rejects.toMatchObject({ messageKey: 'handover.error.solver_route' });
		await world.database.db.updateTable('case_handovers').set({ route: 'operator', refusal: 'rw_over_rw' }).where('id', '=', offer.id).execute();
		await world.database.db.updateTable('disputes').set({ holder_user_id: world.operator.userId }).where('id', '=', disputeId).execute();
		await expect(takeOverWithNodeKey(world.services, world.operator, disputeId, { handoverId: offer.id })).rejects.toMatchObject({ messageKey: 'handover.error.holder_changed' });
		expect(await world.database.db.selectFrom('action_journal').select('id').where('signer_pubkey', '=', world.node.pubkey).where('dispute_id', '=', disputeId).execute()).toEqual([]);
		expect(walt.id).toBeGreaterThan(0);
	});
});
