// A decision made while the console cannot reach any relay (found by the soak benchmark): the
// event never left the console, yet the journal said "no answer" and the node never settled.
// Now the request is stamped afresh and published once a relay is back (within a bounded wait),
// the reply is matched, and the journal holds one row for it: the decision is sent once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { decisionInput, disputeStatus, registeredMediator, takenDispute } from '../../../helpers/decision-world.ts';
import { decide } from '../../../../src/lib/server/mostro/actions/decide.ts';
import { testKey } from '../../sim/mostrod/client.ts';

describe('deciding while the relays are unreachable', () => {
	let world: ConsoleWorld;
	const parties = { buyer: testKey('down-buyer'), seller: testKey('down-seller') };

	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion: 2 }, 1500, {}, { cuttableRelay: true });
	});
	afterEach(() => world.stop());

	it('publishes the decision once a relay is back and matches the reply', async () => {
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const { orderId, disputeId } = await takenDispute(world, alice, parties);
		const cut = world.relayCut!;
		await cut.cut();
		const pending = decide(world.services, alice, disputeId, decisionInput(orderId, 'settle'));
		// Longer than the reply wait (1.5 s) and the connection wait together.
		await new Promise((resolve) => setTimeout(resolve, 7000));
		expect(world.node.order(orderId)?.status).not.toBe('success');
		await cut.restore();
		const res = await pending;
		expect(res).toMatchObject({ kind: 'executed', outcome: { state: 'acknowledged' } });
		await waitFor(() => world.node.order(orderId)?.status === 'success', 'the order settled on the node');
		await waitFor(async () => (await disputeStatus(world, disputeId)) === 'settled', 'the dispute settled in the console');
		const sends = await world.database.db.selectFrom('action_journal').select(['state', 'receipts', 'event_id']).where('dispute_id', '=', disputeId).where('action', '=', 'admin-settle').execute();
		expect(sends).toHaveLength(1);
		expect(sends[0]?.state).toBe('acknowledged');
		expect((JSON.parse(sends[0]!.receipts) as Array<{ accepted: boolean }>).some((r) => r.accepted)).toBe(true);
		expect(world.node.intake.filter((r) => r.action === 'admin-settle')).toHaveLength(1);
	}, 60_000);
});
