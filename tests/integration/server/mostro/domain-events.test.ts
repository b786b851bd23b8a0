// Domain events after commit, end to end: a take's live message is published only once its
// transaction is committed (a reader outside the transaction already sees the new holder and
// the audit entry), and a takeover's notice goes only to the displaced holder's streams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { openDispute, registeredMediator } from '../../../helpers/decision-world.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import type { LiveMessage } from '../../../../src/lib/server/live/hub.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { testPostgresUrl } from '../../../helpers/test-db.ts';

describe('domain events of a take', () => {
	let world: ConsoleWorld;

	beforeAll(async () => {
		world = await startConsoleWorld({ protocolVersion: 2 });
	});
	afterAll(() => world.stop());

	// Reads through the SQLite connection synchronously, inside the publish; not possible on PostgreSQL.
	it.skipIf(testPostgresUrl() !== null)('publishes the take live only after its transaction is visible to a reader', async () => {
		const alice = await registeredMediator(world, 'alma', 'read-write');
		const { disputeId } = await openDispute(world, { buyer: testKey('de-b1'), seller: testKey('de-s1') });
		const seen: Array<{ inTransaction: boolean; holder: unknown; audited: number }> = [];
		const stop = world.services.live.subscribe((message) => {
			if (message.topic !== 'dispute' || message.data.id !== disputeId || message.data.change !== 'taken') return;
			// Synchronously, at the moment of publishing: what any other reader would see now.
			const raw = (world.database as OpenDatabase).raw;
			const holder = (raw.prepare('SELECT holder_user_id AS holder FROM disputes WHERE id = ?').get(disputeId) as { holder: unknown }).holder;
			const audited = Number((raw.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'admin-take-dispute.acknowledged' AND subject = ?").get(`dispute:${disputeId}`) as { n: number }).n);
			seen.push({ inTransaction: raw.isTransaction, holder, audited });
		});
		expect((await executeTake(world.services, alice, disputeId, { confirmedTakeover: false })).state).toBe('acknowledged');
		stop();
		expect(seen).toEqual([{ inTransaction: false, holder: alice.id, audited: 1 }]);
	});

	it("sends a takeover's notice only to the displaced holder", async () => {
		const first = await registeredMediator(world, 'bea', 'read');
		const second = await registeredMediator(world, 'cora', 'read-write');
		const { disputeId } = await openDispute(world, { buyer: testKey('de-b2'), seller: testKey('de-s2') });
		expect((await executeTake(world.services, first, disputeId, { confirmedTakeover: false })).state).toBe('acknowledged');
		const messages: LiveMessage[] = [];
		const stop = world.services.live.subscribe((message) => void messages.push(message));
		expect((await executeTake(world.services, second, disputeId, { confirmedTakeover: true })).state).toBe('acknowledged');
		stop();
		const notices = messages.filter((message) => message.topic === 'notice');
		expect(notices).toEqual([expect.objectContaining({ topic: 'notice', audience: first.id, data: { disputeId } })]);
	});
});
