// The node double as mostrod v0.19 (UPSTREAM-0.19.md §0): transport v2 only (a gift wrap gets
// silence; asking for v1 does not start), the `maintenance_mode` and `serbero` info tags,
// maintenance refusing only new trades, and the same node as v0.18 without them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminTakeDispute } from '../../../../src/lib/protocol/actions/admin-take-dispute.ts';
import { parseInstanceInfo } from '../../../../src/lib/protocol/events/instance-info.ts';
import { buildMessage } from '../../../../src/lib/protocol/message.ts';
import type { SmallOrder } from '../../../../src/lib/protocol/payload.ts';
import { startMostrod } from '../../../../sim/mostrod/index.ts';
import { MostroClient, testKey, type Key } from './client.ts';
import { MODES, startInfra, startNode, type Infra } from './harness.ts';

const ASSISTANT = 'ab'.repeat(32);
const small: SmallOrder = { kind: 'sell', status: 'pending', amount: 20_000, fiat_code: 'EUR', min_amount: null, max_amount: null, fiat_amount: 15, payment_method: 'sepa', premium: 0, created_at: null, expires_at: null };

let infra: Infra;
beforeAll(async () => {
	infra = await startInfra();
});
afterAll(() => infra.stop());

describe('mostrod double version 0.19', () => {
	it('announces maintenance_mode and serbero; in maintenance new orders are refused, admin takes still work', async () => {
		const node = await startNode(infra, MODES[0]!, { version: '0.19', assistantPubkey: ASSISTANT });
		try {
			const first = parseInstanceInfo(await node.client.waitEvent((x) => x.kind === 38385), node.mostrod.pubkey);
			expect(first).toMatchObject({ mostroVersion: '0.19', protocolVersion: 2, maintenanceMode: false, assistantPubkey: ASSISTANT });
			expect(first.rawTags.maintenance_mode).toBe('false');
			await node.mostrod.setMaintenanceMode(true);
			const next = parseInstanceInfo(await node.client.waitEvent((x) => x.kind === 38385 && x.tags.some((t) => t[0] === 'maintenance_mode' && t[1] === 'true')), node.mostrod.pubkey);
			expect(next.maintenanceMode).toBe(true);
			const seller: Key = testKey('v019-seller');
			await node.client.listen(seller);
			const refused = await node.client.request(buildMessage({ variant: 'order', requestId: node.client.nextRequestId(), tradeIndex: 1, action: 'new-order', payload: { order: small } }), seller);
			expect(refused.message.kind).toMatchObject({ action: 'cant-do', payload: { cant_do: 'maintenance_mode' } });
			const order = await node.mostrod.createOrder({ kind: 'sell', status: 'fiat-sent', buyerPubkey: testKey('v019-b').pk, sellerPubkey: seller.pk });
			const d = await node.mostrod.openDispute(order.id, 'buyer');
			const admin = { sk: node.mostrod.secretKey, pk: node.mostrod.pubkey };
			await node.client.listen(admin);
			const took = await node.client.request(buildAdminTakeDispute({ disputeId: d.id, requestId: node.client.nextRequestId() }), admin);
			expect(took.message.kind.action).toBe('admin-took-dispute');
		} finally {
			await node.stop();
		}
	});

	it('a gift-wrapped (v1) request gets silence, the same request over v2 an answer', async () => {
		const node = await startNode(infra, MODES[0]!, { version: '0.19.2' });
		const v1 = await MostroClient.connect(infra.relay.url, node.mostrod.pubkey, 1);
		try {
			const order = await node.mostrod.createOrder({ kind: 'sell', status: 'fiat-sent', buyerPubkey: testKey('v019-gw-b').pk, sellerPubkey: testKey('v019-gw-s').pk });
			const d = await node.mostrod.openDispute(order.id, 'buyer');
			const admin = { sk: node.mostrod.secretKey, pk: node.mostrod.pubkey };
			await v1.listen(admin);
			expect(await v1.expectSilence(buildAdminTakeDispute({ disputeId: d.id, requestId: 9001 }), admin)).toBe(true);
			await node.client.listen(admin);
			const took = await node.client.request(buildAdminTakeDispute({ disputeId: d.id, requestId: node.client.nextRequestId() }), admin);
			expect(took.message.kind.action).toBe('admin-took-dispute');
		} finally {
			await v1.close();
			await node.stop();
		}
	});

	it('refuses to start on transport v1 (gift wrap was removed in v0.19)', async () => {
		await expect(startMostrod({ relays: [infra.relay.url], version: '0.19.2', protocolVersion: 1 })).rejects.toThrow(/v2 only/);
	});

	it('v0.18 publishes neither tag and the parser reads them as off / none', async () => {
		const node = await startNode(infra, MODES[0]!, { version: '0.18.5' });
		try {
			const info = parseInstanceInfo(await node.client.waitEvent((x) => x.kind === 38385), node.mostrod.pubkey);
			expect(info.rawTags).not.toHaveProperty('maintenance_mode');
			expect(info).toMatchObject({ maintenanceMode: false, assistantPubkey: null });
		} finally {
			await node.stop();
		}
	});
});
