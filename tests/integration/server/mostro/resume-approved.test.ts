// An approved decision a restart cut off between the approval and the journal (soak benchmark,
// issue 15: two four-eyes decisions stayed "approved" for good, never sent). The console's
// resender executes it as approved, once; one whose case moved on is marked failed instead.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { registeredMediator, takenDispute } from '../../../helpers/decision-world.ts';
import { insertDecision } from '../../../../src/lib/server/cases/decision-store.ts';
import { resendStalledDecisions } from '../../../../src/lib/server/mostro/decision-resender.ts';
import { testKey } from '../../sim/mostrod/client.ts';

describe('an approved decision left before the journal', () => {
	let world: ConsoleWorld;
	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion: 2 });
	});
	afterEach(() => world.stop());

	async function stranded(label: string, orderId: string, disputeId: string, proposedBy: number) {
		const at = Date.now() - 120_000;
		const base = { disputeId, orderId, outcome: 'settle' as const, slashBuyer: false, slashSeller: false, reasonCode: 'seller_unresponsive', justification: `stranded ${label}`, amountSats: 0, proposedBy, now: at };
		return world.database.db.transaction().execute((tx) => insertDecision(tx, { ...base, state: 'approved' }));
	}
	const decision = (id: number) => world.database.db.selectFrom('decisions').select(['state', 'request_id']).where('id', '=', id).executeTakeFirstOrThrow();

	it('is executed once by the next scan and the node settles it', async () => {
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const { orderId, disputeId } = await takenDispute(world, alice, { buyer: testKey('ra-b'), seller: testKey('ra-s') });
		const id = await stranded('a', orderId, disputeId, alice.userId);
		expect(await resendStalledDecisions(world.services)).toBe(1);
		await waitFor(() => world.node.order(orderId)?.status === 'success', 'the order settled on the node', 20_000);
		await waitFor(async () => (await decision(id)).request_id !== null, 'the decision executed');
		expect((await decision(id)).state).toBe('executed');
		await waitFor(async () => (await world.database.db.selectFrom('action_journal').select('state').where('dispute_id', '=', disputeId).executeTakeFirst())?.state === 'acknowledged', 'the reply matched');
		expect(await resendStalledDecisions(world.services)).toBe(0);
		expect(world.node.intake.filter((r) => r.action === 'admin-settle')).toHaveLength(1);
	}, 60_000);

	it('is marked failed when the dispute was closed meanwhile', async () => {
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const { orderId, disputeId } = await takenDispute(world, alice, { buyer: testKey('rf-b'), seller: testKey('rf-s') });
		await world.database.db.updateTable('disputes').set({ status: 'settled' }).where('id', '=', disputeId).execute();
		const id = await stranded('f', orderId, disputeId, alice.userId);
		await resendStalledDecisions(world.services);
		await waitFor(async () => (await decision(id)).state === 'failed', 'the stranded decision failed');
		expect(world.node.intake.filter((r) => r.action === 'admin-settle')).toHaveLength(0);
	}, 60_000);
});
