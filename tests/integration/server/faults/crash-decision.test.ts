// A decision across a SIGKILL of the console process (issue 15): killed between the journal
// write and the publish (the restarted console sends it, once), and right after the publish.
// After each restart nothing is duplicated, the node received the decision exactly once, the journal and the decision row
// say what really happened, and `mostro-mediator audit verify` accepts the chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandFailure } from '../../../helpers/console-process.ts';
import { decisionInput } from '../../../helpers/decision-world.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import { startFaultWorld, type FaultWorld } from './fault-world.ts';

let w: FaultWorld;

const journal = (disputeId: string, action: string) => w.query<{ request_id: number; state: string }>('SELECT request_id, state FROM action_journal WHERE dispute_id = ? AND action = ? ORDER BY id', disputeId, action);
const decisions = (disputeId: string) => w.query<{ state: string; request_id: number | null }>('SELECT state, request_id FROM decisions WHERE dispute_id = ? ORDER BY id', disputeId);
const audit = (disputeId: string) => w.query<{ action: string }>('SELECT action FROM audit_log WHERE subject = ? ORDER BY id', `dispute:${disputeId}`).map((r) => r.action);

async function takenDispute(label: string) {
	const opened = await w.openDispute({ buyer: testKey(`${label}-b`), seller: testKey(`${label}-s`) });
	expect(await w.console!.run({ op: 'take', userId: w.mediatorId, disputeId: opened.disputeId })).toMatchObject({ state: 'acknowledged' });
	return opened;
}

beforeAll(async () => {
	w = await startFaultWorld('crash-decision');
}, 60_000);
afterAll(() => w?.stop());

describe('a decision across a killed console', () => {
	it('killed between the journal write and the publish: the restarted console finds it on no relay and sends it once, nothing duplicated', async () => {
		await w.start();
		const { orderId, disputeId } = await takenDispute('dj');
		await w.start({ MEDIATOR_TEST_CRASH_POINT: 'after-journal:admin-settle' });
		const before = w.node.intake.length;
		await expect(w.console!.run({ op: 'decide', userId: w.mediatorId, disputeId, input: decisionInput(orderId, 'settle') })).rejects.toSatisfy((e: unknown) => e instanceof CommandFailure && e.exited);
		expect(journal(disputeId, 'admin-settle')).toEqual([expect.objectContaining({ state: 'sent' })]);
		expect(w.node.intake.slice(before).filter((r) => r.action === 'admin-settle')).toHaveLength(0);

		await w.start();
		// The decision was made: the relays do not hold its event, so it is sent now, under the same request.
		await waitFor(() => journal(disputeId, 'admin-settle')[0]?.state === 'acknowledged', 'the interrupted decision sent and answered', 30_000);
		await waitFor(() => w.query<{ status: string }>('SELECT status FROM disputes WHERE id = ?', disputeId)[0]?.status === 'settled', 'the settled dispute', 15_000);
		await w.console!.settled();
		expect(w.node.intake.slice(before).filter((r) => r.action === 'admin-settle')).toHaveLength(1);
		expect(journal(disputeId, 'admin-settle')).toHaveLength(1);
		expect(decisions(disputeId)).toEqual([expect.objectContaining({ state: 'executed', request_id: journal(disputeId, 'admin-settle')[0]!.request_id })]);
		const actions = audit(disputeId);
		expect(actions.filter((a) => a === 'admin-settle.sent')).toHaveLength(1);
		expect(actions.filter((a) => a === 'admin-settle.resent')).toHaveLength(1);
		expect(actions.filter((a) => a === 'decision.outcome')).toHaveLength(1);
		expect(await w.auditVerify()).toContain('unbroken chain');
	}, 120_000);

	it('killed right after the publish: the node settles once, the restarted console matches the late reply, nothing duplicated', async () => {
		await w.start();
		const { orderId, disputeId } = await takenDispute('dp');
		await w.start({ MEDIATOR_TEST_CRASH_POINT: 'after-publish:admin-settle' });
		const before = w.node.intake.length;
		await expect(w.console!.run({ op: 'decide', userId: w.mediatorId, disputeId, input: decisionInput(orderId, 'settle') })).rejects.toSatisfy((e: unknown) => e instanceof CommandFailure && e.exited);
		await waitFor(() => w.node.order(orderId)?.status === 'success' || w.node.order(orderId)?.status === 'settled-hold-invoice', 'the node settling', 15_000);

		await w.start();
		// The node's reply, read again from the relay by the new process, is matched to the request.
		await waitFor(() => journal(disputeId, 'admin-settle')[0]?.state === 'acknowledged', 'the late reply matched after the restart', 20_000);
		await waitFor(() => w.query<{ status: string }>('SELECT status FROM disputes WHERE id = ?', disputeId)[0]?.status === 'settled', 'the settled dispute', 15_000);
		await w.console!.settled();
		expect(w.node.intake.slice(before).filter((r) => r.action === 'admin-settle')).toHaveLength(1);
		expect(journal(disputeId, 'admin-settle')).toHaveLength(1);
		expect(decisions(disputeId)).toHaveLength(1);
		const actions = audit(disputeId);
		expect(actions.filter((a) => a === 'admin-settle.sent')).toHaveLength(1);
		expect(actions.filter((a) => a === 'admin-settle.acknowledged')).toHaveLength(1);
		// The public revision may have proven it first (reconciled), once at most.
		expect(actions.filter((a) => a === 'admin-settle.reconciled').length).toBeLessThanOrEqual(1);
		expect(actions.filter((a) => a === 'decision.outcome')).toHaveLength(1);
		expect(actions).not.toContain('admin-settle.no_answer');
		// A second start re-reads everything from the relay: still one of each.
		await w.start();
		await w.console!.settled();
		expect(audit(disputeId)).toEqual(actions);
		expect(await w.auditVerify()).toContain('unbroken chain');
	}, 120_000);
});
