// A dispute the parties close themselves while a console mediator holds it, on a v0.18 and a
// v0.19 node double (UPSTREAM-0.19.md §5, §6): v0.19 publishes `released` /
// `cooperatively-canceled` and sends the holder the unsolicited notice (request_id null), which
// the console records as a notice for the holder with its audit entry; v0.18 sends nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { testKey } from '../../sim/mostrod/client.ts';

const buyer = testKey('closed-buyer');
const seller = testKey('closed-seller');

async function heldDispute(world: ConsoleWorld) {
	const alice = await world.addMediator('alice');
	const added = await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
	expect(added.state).toBe('acknowledged');
	const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 50_000, fiatCode: 'VES', fiatAmount: 1200 });
	const dispute = await world.node.openDispute(order.id, 'buyer');
	await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute in the console');
	expect((await executeTake(world.services, alice, dispute.id, { confirmedTakeover: false })).state).toBe('acknowledged');
	return { alice, orderId: order.id, disputeId: dispute.id };
}

const statusOf = async (world: ConsoleWorld, id: string) => (await world.database.db.selectFrom('disputes').select('status').where('id', '=', id).executeTakeFirst())?.status;
const noticesOf = (world: ConsoleWorld, userId: number) => world.database.db.selectFrom('user_notices').selectAll().where('user_id', '=', userId).where('kind', '=', 'dispute_closed_by_parties').execute();

describe('disputes closed by the parties', () => {
	let world: ConsoleWorld;
	afterEach(() => world.stop());

	it('v0.19: a seller release → `released`, the holder is told (request_id null notice), audited once', async () => {
		world = await startConsoleWorld({ version: '0.19' });
		const { alice, orderId, disputeId } = await heldDispute(world);
		await world.node.releaseBySeller(orderId);
		await waitFor(async () => (await statusOf(world, disputeId)) === 'released', 'the released revision');
		await waitFor(async () => (await noticesOf(world, alice.id)).length === 1, 'the holder notice');
		const dm = world.node.sentDms().find((d) => d.to === alice.pubkey && d.message.kind.action === 'released');
		expect(dm?.message.kind).toMatchObject({ request_id: null, payload: { dispute: [disputeId, null] } });
		const [notice] = await noticesOf(world, alice.id);
		expect(notice).toMatchObject({ dispute_id: disputeId });
		expect(JSON.parse(notice?.details ?? '{}')).toEqual({ outcome: 'released' });
		const audit = (await world.database.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
		expect(audit.filter((a) => a === 'dispute.closed_by_parties')).toHaveLength(1);
	});

	it('v0.19: a cooperative cancel → `cooperatively-canceled` and a notice with that outcome', async () => {
		world = await startConsoleWorld({ version: '0.19' });
		const { alice, orderId, disputeId } = await heldDispute(world);
		await world.node.cooperativeCancel(orderId, 'buyer');
		await world.node.cooperativeCancel(orderId, 'seller');
		await waitFor(async () => (await statusOf(world, disputeId)) === 'cooperatively-canceled', 'the cooperatively-canceled revision');
		await waitFor(async () => (await noticesOf(world, alice.id)).length === 1, 'the holder notice');
		expect(JSON.parse((await noticesOf(world, alice.id))[0]?.details ?? '{}')).toEqual({ outcome: 'cooperatively-canceled' });
	});

	it('v0.18: a seller release closes the dispute as `settled` and the holder gets no notice', async () => {
		world = await startConsoleWorld({ version: '0.18' });
		const { alice, orderId, disputeId } = await heldDispute(world);
		await world.node.releaseBySeller(orderId);
		await waitFor(async () => (await statusOf(world, disputeId)) === 'settled', 'the settled revision');
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(world.node.sentDms().some((d) => d.to === alice.pubkey && d.message.kind.action === 'released')).toBe(false);
		expect(await noticesOf(world, alice.id)).toHaveLength(0);
	});
});
