// Public events of the double: 38385 info tags per configuration, 10002 relay list, 38383 order
// buckets (MOSTROD.md §9.3), 38386 / legacy 38383 dispute revisions (§1.4, §9.2).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDisputeEvent } from '../../../../src/lib/protocol/events/dispute-event.ts';
import { parseInstanceInfo } from '../../../../src/lib/protocol/events/instance-info.ts';
import { parseOrderEvent } from '../../../../src/lib/protocol/events/order-event.ts';
import { startMostrod } from '../../../../sim/mostrod/index.ts';
import { tag, testKey } from './client.ts';
import { MODES, startInfra, startNode, type Infra } from './harness.ts';

let infra: Infra;
beforeAll(async () => {
	infra = await startInfra();
});
afterAll(() => infra.stop());

const buyer = testKey('pub-buyer');
const seller = testKey('pub-seller');

describe('info event', () => {
	it('advertises transport, PoW, bonds and version (v2: pow_first_contact = max)', async () => {
		const node = await startNode(infra, MODES[0]!, { pow: 3, powFirstContact: 6, bondEnabled: true, version: '0.18.9', instanceName: 'Test Node' });
		try {
			const e = await node.client.waitEvent((x) => x.kind === 38385);
			const info = parseInstanceInfo(e, node.mostrod.pubkey);
			expect([info.protocolVersion, info.pow, info.powFirstContact, info.bondEnabled, info.mostroVersion]).toEqual([2, 3, 6, true, '0.18.9']);
			expect(info.bond?.applyTo).toBe('take');
			expect(info.instanceName).toBe('Test Node');
			expect(info.lnd.nodePubkey).toBe(infra.lnd.pubkey);
			expect(tag(e, 'd')).toBe(node.mostrod.pubkey);
			const relays = await node.client.waitEvent((x) => x.kind === 10002);
			expect(relays.tags).toEqual([['r', infra.relay.url]]);
		} finally {
			await node.stop();
		}
	});

	it('on v1 pow_first_contact equals pow, bonds off; legacyInfo publishes 38383 z=info', async () => {
		const node = await startNode(infra, MODES[1]!, { pow: 2, powFirstContact: 9, legacyInfo: true, secretKey: 'seed-legacy-info' });
		try {
			const e = await node.client.waitEvent((x) => x.kind === 38383 && tag(x, 'z') === 'info');
			const info = parseInstanceInfo(e, node.mostrod.pubkey);
			expect([info.legacy, info.protocolVersion, info.pow, info.powFirstContact, info.bondEnabled]).toEqual([true, 1, 2, 2, false]);
		} finally {
			await node.stop();
		}
	});

	it('derives the same node key from the same seed', async () => {
		const a = await startMostrod({ relays: [infra.relay.url], secretKey: 'same-seed', infoIntervalMs: 0 });
		const b = await startMostrod({ relays: [infra.relay.url], secretKey: 'same-seed', infoIntervalMs: 0 });
		expect(a.pubkey).toBe(b.pubkey);
		await Promise.all([a.stop(), b.stop()]);
	});
});

describe.each(MODES)('order and dispute events ($name)', (mode) => {
	it('publishes in-progress for a taken order, nothing on dispute, and dispute revisions', async () => {
		const node = await startNode(infra, mode);
		try {
			const order = await node.mostrod.createOrder({ kind: 'sell', status: 'fiat-sent', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, fiatCode: 'EUR' });
			const oe = await node.client.waitEvent((x) => x.kind === 38383 && tag(x, 'd') === order.id);
			const parsed = parseOrderEvent(oe, node.mostrod.pubkey);
			expect([parsed.status, parsed.orderKind, parsed.fiatCode, parsed.amount]).toEqual(['in-progress', 'sell', 'EUR', 10_000]);
			const d = await node.mostrod.openDispute(order.id, 'seller');
			const kind = mode.legacyDisputes ? 38383 : 38386;
			const de = await node.client.waitEvent((x) => x.kind === kind && tag(x, 'd') === d.id);
			const pd = parseDisputeEvent(de, node.mostrod.pubkey);
			expect(pd.status).toBe('initiated');
			if (mode.legacyDisputes) {
				expect(de.tags).toEqual([
					['d', d.id],
					['s', 'initiated'],
					['y', 'mostro'],
					['z', 'dispute']
				]);
			} else {
				expect(de.tags.map((t) => t[0])).toEqual(['d', 'expiration', 's', 'initiator', 'created_at', 'y', 'z']);
				expect([tag(de, 'initiator'), tag(de, 'created_at')]).toEqual(['seller', String(d.createdAt)]);
			}
			const orderEvents = node.client.events.filter((x) => x.kind === 38383 && tag(x, 'd') === order.id);
			expect(orderEvents.map((x) => tag(x, 's'))).toEqual(['in-progress']);
		} finally {
			await node.stop();
		}
	});
});
