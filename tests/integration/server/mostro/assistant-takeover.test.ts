// The node's assistant solver on a v0.19 node double (UPSTREAM-0.19.md §8): announced in 38385,
// registered by the node as a read solver, it can hold a dispute in-progress; a read-write
// console mediator takes over with the usual confirmation and the parties get a new
// admin-took-dispute with the mediator's key (their chat re-keys).
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { assessTake, executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { getInstanceInfo } from '../../../../src/lib/server/mostro/instance-info-repository.ts';
import { buildAdminTakeDispute } from '../../../../src/lib/protocol/actions/admin-take-dispute.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { MostroClient, testKey } from '../../sim/mostrod/client.ts';

const assistant = testKey('assistant-solver');
const buyer = testKey('a-buyer');
const seller = testKey('a-seller');

describe('assistant solver', () => {
	let world: ConsoleWorld;
	afterEach(() => world.stop());

	it('holds a dispute in-progress; a read-write mediator takes over after confirming; parties re-key', async () => {
		world = await startConsoleWorld({ version: '0.19.2', assistantPubkey: assistant.pk });
		expect((await getInstanceInfo(world.database.db, world.node.pubkey))?.assistantPubkey).toBe(assistant.pk);
		expect(world.node.user(assistant.pk)).toMatchObject({ isSolver: true, category: 1 });
		const alice = await world.addMediator('alice');
		expect((await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 50_000, fiatCode: 'VES', fiatAmount: 1200 });
		const dispute = await world.node.openDispute(order.id, 'buyer');
		const client = await MostroClient.connect(world.relay.url, world.node.pubkey, 2);
		try {
			await client.listen(assistant);
			const took = await client.request(buildAdminTakeDispute({ disputeId: dispute.id, requestId: client.nextRequestId() }), assistant);
			expect(took.message.kind.action).toBe('admin-took-dispute');
		} finally {
			await client.close();
		}
		await waitFor(async () => (await world.database.db.selectFrom('disputes').select('status').where('id', '=', dispute.id).executeTakeFirst())?.status === 'in-progress', 'the assistant take');
		expect(await assessTake(world.services, alice.id, dispute.id)).toMatchObject({ allowed: true, kind: 'takeover', needsConfirmation: true });
		await expect(executeTake(world.services, alice, dispute.id, { confirmedTakeover: false })).rejects.toMatchObject({ messageKey: 'take.confirm_needed' });
		expect((await executeTake(world.services, alice, dispute.id, { confirmedTakeover: true })).state).toBe('acknowledged');
		expect(world.node.dispute(dispute.id)?.solverPubkey).toBe(alice.pubkey);
		const peerKeys = (to: string) =>
			world.node
				.sentDms()
				.filter((dm) => dm.to === to && dm.message.kind.action === 'admin-took-dispute')
				.map((dm) => (dm.message.kind.payload as { peer?: { pubkey: string } } | null)?.peer?.pubkey);
		await waitFor(() => peerKeys(buyer.pk).length === 2 && peerKeys(seller.pk).length === 2, 'both parties told twice');
		expect(peerKeys(buyer.pk)).toEqual([assistant.pk, alice.pubkey]);
	});
});
