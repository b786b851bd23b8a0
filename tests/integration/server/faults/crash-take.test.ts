// A take across a SIGKILL of the console process (issue 15): killed between the take's journal
// write and its publish. Regression: the restarted console only marked the row "no answer"
// ('interrupted') and never sent it, so the node never heard of the take and the mediator was
// left with a take that never ended. Now the restarted console finds the event on no relay and
// sends the take once, under the same journal row: the dispute is taken, its info stored, the
// node saw one take, and `mostro-mediator audit verify` accepts the chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandFailure } from '../../../helpers/console-process.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import { startFaultWorld, type FaultWorld } from './fault-world.ts';

let w: FaultWorld;

const journal = (disputeId: string) => w.query<{ request_id: number; state: string; details: string }>("SELECT request_id, state, details FROM action_journal WHERE dispute_id = ? AND action = 'admin-take-dispute' ORDER BY id", disputeId);
const audit = (disputeId: string) => w.query<{ action: string }>('SELECT action FROM audit_log WHERE subject = ? ORDER BY id', `dispute:${disputeId}`).map((r) => r.action);

beforeAll(async () => {
	w = await startFaultWorld('crash-take');
}, 60_000);
afterAll(() => w?.stop());

describe('a take across a killed console', () => {
	it('killed between the journal write and the publish: the restarted console sends the take once and the dispute is taken', async () => {
		await w.start();
		const { disputeId } = await w.openDispute({ buyer: testKey('tk-b'), seller: testKey('tk-s') });
		await w.start({ MEDIATOR_TEST_CRASH_POINT: 'after-journal:admin-take-dispute' });
		const before = w.node.intake.length;
		await expect(w.console!.run({ op: 'take', userId: w.mediatorId, disputeId })).rejects.toSatisfy((e: unknown) => e instanceof CommandFailure && e.exited);
		expect(journal(disputeId)).toEqual([expect.objectContaining({ state: 'sent' })]);
		expect(w.node.intake.slice(before).filter((r) => r.action === 'admin-take-dispute')).toHaveLength(0);

		await w.start();
		await waitFor(() => journal(disputeId)[0]?.state === 'acknowledged', 'the interrupted take sent and answered', 40_000);
		await waitFor(() => w.query('SELECT 1 FROM dispute_info WHERE dispute_id = ?', disputeId)[0], 'the dispute info stored', 10_000);
		await w.console!.settled();
		expect(w.query<{ holder_user_id: number; status: string }>('SELECT holder_user_id, status FROM disputes WHERE id = ?', disputeId)[0]).toEqual({ holder_user_id: w.mediatorId, status: 'in-progress' });
		expect(w.node.intake.slice(before).filter((r) => r.action === 'admin-take-dispute')).toHaveLength(1);
		expect(journal(disputeId)).toHaveLength(1);
		expect(JSON.parse(journal(disputeId)[0]!.details)).toMatchObject({ resends: 1 });
		const actions = audit(disputeId);
		expect(actions.filter((a) => a === 'admin-take-dispute.sent')).toHaveLength(1);
		expect(actions.filter((a) => a === 'admin-take-dispute.resent')).toHaveLength(1);
		expect(actions.filter((a) => a === 'dispute.taken')).toHaveLength(1);

		// Another restart sends nothing more.
		await w.start();
		await new Promise((resolve) => setTimeout(resolve, 12_000));
		await w.console!.settled();
		expect(w.node.intake.slice(before).filter((r) => r.action === 'admin-take-dispute')).toHaveLength(1);
		expect(await w.auditVerify()).toContain('unbroken chain');
	}, 150_000);
});
