// A decision the node silently drops as stale (soak benchmark, issue 15): the daemon drops any
// request older than 10 s on arrival and answers nothing (MOSTROD.md §7.1, §9.5), which a slow
// relay or a starved node causes. The console journaled "no answer"; the decision stayed
// executed and could never be made again, so the dispute stayed in progress. Now the console
// sends the same request again (same journal row and request id, stamped afresh) while the
// dispute is still in progress: the node settles once and the reply is matched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionInput } from '../../../helpers/decision-world.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import { startFaultWorld, type FaultWorld } from './fault-world.ts';

let w: FaultWorld;
/** The node's clock runs ahead by this much: every request it reads is that much older. */
let skewMs = 0;

const journal = (disputeId: string) => w.query<{ state: string; details: string }>("SELECT state, details FROM action_journal WHERE dispute_id = ? AND action = 'admin-settle' ORDER BY id", disputeId);
const audit = (disputeId: string) => w.query<{ action: string }>('SELECT action FROM audit_log WHERE subject = ? ORDER BY id', `dispute:${disputeId}`).map((r) => r.action);

beforeAll(async () => {
	w = await startFaultWorld('stale-decision', { node: { clock: () => Date.now() + skewMs } });
}, 60_000);
afterAll(() => w?.stop());

describe('a decision the node dropped as older than 10 s', () => {
	it('is sent again while the dispute is in progress, and the node settles it once', async () => {
		await w.start();
		const { orderId, disputeId } = await w.openDispute({ buyer: testKey('st-b'), seller: testKey('st-s') });
		expect(await w.console!.run({ op: 'take', userId: w.mediatorId, disputeId })).toMatchObject({ state: 'acknowledged' });
		const before = w.node.intake.length;

		skewMs = 15_000;
		expect(await w.console!.run({ op: 'decide', userId: w.mediatorId, disputeId, input: decisionInput(orderId, 'settle') })).toMatchObject({ kind: 'executed', outcome: { state: 'no-answer' } });
		expect(w.node.intake.slice(before).filter((r) => !r.accepted && r.reason === 'stale').length).toBeGreaterThanOrEqual(1);
		expect(w.node.order(orderId)?.status).toBe('dispute');
		skewMs = 0;

		// About 30 s after "no answer", and within one scan, the same request goes out again.
		await waitFor(() => journal(disputeId)[0]?.state === 'acknowledged', 'the decision sent again and answered', 60_000);
		await waitFor(() => w.query<{ status: string }>('SELECT status FROM disputes WHERE id = ?', disputeId)[0]?.status === 'settled', 'the settled dispute', 15_000);
		await w.console!.settled();
		expect(w.node.intake.slice(before).filter((r) => r.action === 'admin-settle')).toHaveLength(1);
		expect(journal(disputeId)).toHaveLength(1);
		expect(JSON.parse(journal(disputeId)[0]!.details)).toMatchObject({ resends: 1 });
		const actions = audit(disputeId);
		expect(actions.filter((a) => a === 'admin-settle.sent')).toHaveLength(1);
		expect(actions.filter((a) => a === 'admin-settle.no_answer')).toHaveLength(1);
		expect(actions.filter((a) => a === 'admin-settle.resent')).toHaveLength(1);
		expect(actions.filter((a) => a === 'admin-settle.acknowledged')).toHaveLength(1);
		expect(actions.filter((a) => a === 'decision.outcome')).toHaveLength(1);
		expect(await w.auditVerify()).toContain('unbroken chain');
	}, 120_000);
});
