// The node double's rarely reached CantDo reasons and silent cases (MOSTROD.md §9.4–§9.5):
// Cashu escrow mode refuses every admin action and `dispute` with invalid_action; a party
// whose dispute flag is already set gets dispute_creation_error; a failed 38386 publish on
// open leaves the rows with no public event; inconsistent flags on settle stay silent after
// the hold invoice was settled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminTakeDispute } from '../../../../src/lib/protocol/actions/admin-take-dispute.ts';
import { buildAdminSettle } from '../../../../src/lib/protocol/actions/admin-settle.ts';
import { buildPartyRequest } from '../../../../src/lib/protocol/actions/party.ts';
import { tag, testKey } from './client.ts';
import { MODES, startInfra, startNode, type Infra, type Node } from './harness.ts';

const v2 = MODES[0]!;
const cantDo = (r: { message: { kind: { action: string; payload: unknown } } }) => (r.message.kind.action === 'cant-do' ? (r.message.kind.payload as { cant_do: string }).cant_do : `not cant-do: ${r.message.kind.action}`);

let infra: Infra;
beforeAll(async () => {
	infra = await startInfra();
});
afterAll(() => infra.stop());

describe('Cashu escrow mode', () => {
	let node: Node;
	const solver = testKey('cashu-solver');
	beforeAll(async () => {
		node = await startNode(infra, v2, { secretKey: 'cashu-node', cashuEscrow: true, solvers: [{ pubkey: solver.pk, permission: 'read-write' }] });
	});
	afterAll(() => node.stop());

	it('refuses admin actions and disputes with invalid_action', async () => {
		const buyer = testKey('cashu-buyer');
		const seller = testKey('cashu-seller');
		await node.client.listen(solver);
		await node.client.listen(buyer);
		const order = await node.mostrod.createOrder({ kind: 'sell', status: 'active', buyerPubkey: buyer.pk, sellerPubkey: seller.pk });
		expect(cantDo(await node.client.request(buildPartyRequest({ action: 'dispute', orderId: order.id, requestId: node.client.nextRequestId() }), buyer))).toBe('invalid_action');
		const uuid = '11111111-2222-4333-8444-555555555555';
		expect(cantDo(await node.client.request(buildAdminTakeDispute({ disputeId: uuid, requestId: node.client.nextRequestId() }), solver))).toBe('invalid_action');
		expect(cantDo(await node.client.request(buildAdminSettle({ orderId: order.id, requestId: node.client.nextRequestId() }), solver))).toBe('invalid_action');
	});
});

describe('rare dispute paths (v2)', () => {
	let node: Node;
	const solver = testKey('rare-solver');
	beforeAll(async () => {
		node = await startNode(infra, v2, { secretKey: 'rare-node', solvers: [{ pubkey: solver.pk, permission: 'read-write' }] });
		await node.client.listen(solver);
	});
	afterAll(() => node.stop());

	it('answers dispute_creation_error when the caller’s dispute flag is already set', async () => {
		const buyer = testKey('rare-buyer-1');
		await node.client.listen(buyer);
		const order = await node.mostrod.createOrder({ kind: 'sell', status: 'active', buyerPubkey: buyer.pk, sellerPubkey: testKey('rare-seller-1').pk });
		node.mostrod.setDisputeFlags(order.id, { buyer: true, seller: false });
		expect(cantDo(await node.client.request(buildPartyRequest({ action: 'dispute', orderId: order.id, requestId: node.client.nextRequestId() }), buyer))).toBe('dispute_creation_error');
	});

	it('keeps the rows but publishes no event when the 38386 publish fails on open', async () => {
		const buyer = testKey('rare-buyer-2');
		await node.client.listen(buyer);
		const order = await node.mostrod.createOrder({ kind: 'sell', status: 'active', buyerPubkey: buyer.pk, sellerPubkey: testKey('rare-seller-2').pk });
		node.mostrod.failNextDisputePublish();
		await node.client.send(buildPartyRequest({ action: 'dispute', orderId: order.id, requestId: node.client.nextRequestId() }), buyer);
		await new Promise((resolve) => setTimeout(resolve, 600));
		const dispute = node.mostrod.disputeOfOrder(order.id);
		expect(dispute?.status).toBe('initiated');
		expect(node.client.events.some((e) => e.kind === 38386 && tag(e, 'd') === dispute?.id)).toBe(false);
	});

	it('stays silent on settle with inconsistent flags, after the hold invoice was settled', async () => {
		const buyer = testKey('rare-buyer-3');
		const order = await node.mostrod.createOrder({ kind: 'sell', status: 'fiat-sent', buyerPubkey: buyer.pk, sellerPubkey: testKey('rare-seller-3').pk });
		const dispute = await node.mostrod.openDispute(order.id, 'buyer');
		await node.client.request(buildAdminTakeDispute({ disputeId: dispute.id, requestId: node.client.nextRequestId() }), solver);
		node.mostrod.setDisputeFlags(order.id, { buyer: true, seller: true });
		expect(await node.client.expectSilence(buildAdminSettle({ orderId: order.id, requestId: node.client.nextRequestId() }), solver, {}, 600)).toBe(true);
		expect(node.mostrod.order(order.id)?.status).toBe('settled-hold-invoice');
		expect(infra.lnd.invoice(node.mostrod.order(order.id)?.hash ?? '')?.state).toBe('SETTLED');
	});
});
