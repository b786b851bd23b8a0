// Intake of order events that arrive before their dispute's order is linked: the event id
// must not be remembered as seen, so the delivery after the take is stored, and a parked
// early copy is claimed by the take (regression for issue 18, defect 3). An event that could
// not be stored (a full disk) is tried again later instead of being lost (issue 15).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveHub } from '../../../../src/lib/server/live/hub.ts';
import { Intake, STORE_RETRY_MS } from '../../../../src/lib/server/mostro/intake.ts';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { signEvent, type NostrEvent } from '../../../../src/lib/protocol/event.ts';
import { KIND_ORDER } from '../../../../src/lib/protocol/events/common.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { makeTestNode, type TestNode } from '../../../helpers/node-events.ts';

let database: OpenDatabase;
let node: TestNode;
const linked = new Set<string>();
const orderId = '00000000-0000-4000-8000-00000000a001';

function orderEvent(id: string, fiat: string, at = Math.floor(Date.now() / 1000)): NostrEvent {
	const tags = [
		['d', id],
		['k', 'sell'],
		['f', fiat],
		['s', 'in-progress'],
		['amt', '1000'],
		['fa', '10'],
		['pm', 'SEPA'],
		['premium', '0'],
		['y', 'mostro'],
		['z', 'order']
	];
	return signEvent({ kind: KIND_ORDER, created_at: at, content: '', tags }, node.secret);
}

const fiatOf = async (id: string) => (await database.db.selectFrom('orders').select('fiat_code').where('id', '=', id).executeTakeFirst())?.fiat_code ?? null;

beforeEach(() => {
	database = openTestDatabase();
	node = makeTestNode();
	linked.clear();
});

afterEach(async () => {
	await database.close();
});

function makeIntake(maxParkedOrders?: number) {
	return new Intake(database.db, node.pubkey, new LiveHub(), { isLinkedOrder: (id) => linked.has(id), maxParkedOrders });
}

describe('intake of early order events', () => {
	it('stores the genuine delivery after the take although the same event came before it', async () => {
		const intake = makeIntake();
		const event = orderEvent(orderId, 'EUR');
		intake.handle('orders', event, 'wss://a');
		await intake.settled();
		expect(await fiatOf(orderId)).toBeNull();
		expect(intake.stats()['wss://a']?.rejected.unrelated_order).toBe(1);

		linked.add(orderId);
		intake.handle('orders', structuredClone(event), 'wss://a');
		await intake.settled();
		expect(await fiatOf(orderId)).toBe('EUR');
		expect(intake.stats()['wss://a']?.duplicates).toBe(0);
	});

	it('lets a later take claim a parked order event without a new delivery', async () => {
		const intake = makeIntake();
		intake.handle('orders', orderEvent(orderId, 'USD'), 'wss://a');
		await intake.settled();
		expect(intake.parkedOrderEvents).toBe(1);
		linked.add(orderId);
		intake.claimOrders([orderId]);
		await intake.settled();
		expect(await fiatOf(orderId)).toBe('USD');
		expect(intake.parkedOrderEvents).toBe(0);
	});

	it('keeps the set of parked orders bounded', async () => {
		const intake = makeIntake(10);
		const at = Math.floor(Date.now() / 1000);
		for (let i = 0; i < 15; i += 1) {
			intake.handle('orders', orderEvent(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 'EUR', at), 'wss://a');
		}
		await intake.settled();
		expect(intake.parkedOrderEvents).toBe(10);
	});
});

describe('intake when an event cannot be stored', () => {
	it('tries it again later: an event the relays delivered while the disk was full is stored once there is room', async () => {
		vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
		try {
			const intake = makeIntake();
			linked.add(orderId);
			// Writes fail (as on a full disk; query_only makes every write fail the same way).
			database.raw.exec('PRAGMA query_only = ON');
			intake.handle('orders', orderEvent(orderId, 'EUR'), 'wss://a');
			await intake.settled();
			expect(await fiatOf(orderId)).toBeNull();
			expect(intake.stats()['wss://a']?.rejected.storage_error).toBe(1);

			database.raw.exec('PRAGMA query_only = OFF');
			vi.advanceTimersByTime(STORE_RETRY_MS);
			await intake.settled();
			expect(await fiatOf(orderId)).toBe('EUR');
		} finally {
			vi.useRealTimers();
		}
	});
});
