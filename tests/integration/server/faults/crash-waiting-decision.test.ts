// A decision waiting for a relay across a SIGKILL of the console process (issue 15): every relay
// is unreachable when the mediator decides, the console is killed while the request waits for
// one, and restarted with the relays still down. The journal row survives: the mediator sees
// "waiting for a relay" before and after the restart, nothing reaches the node meanwhile, and
// once a relay is back the restarted console sends the decision exactly once and matches the
// reply. A further restart sends nothing again; `audit verify` accepts the chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandFailure } from '../../../helpers/console-process.ts';
import { CuttableLink } from '../../../helpers/cuttable-link.ts';
import { decisionInput } from '../../../helpers/decision-world.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import { startFaultWorld, type FaultWorld } from './fault-world.ts';
import type { DecisionView } from '../../../../src/lib/server/mostro/decision-view.ts';

let w: FaultWorld;
let link: CuttableLink;
const urls = () => [`ws://127.0.0.1:${link.port}`];

const journal = (disputeId: string) => w.query<{ request_id: number; state: string; receipts: string }>("SELECT request_id, state, receipts FROM action_journal WHERE dispute_id = ? AND action = 'admin-settle' ORDER BY id", disputeId);
const audit = (disputeId: string) => w.query<{ action: string }>('SELECT action FROM audit_log WHERE subject = ? ORDER BY id', `dispute:${disputeId}`).map((r) => r.action);
const settlesAtNode = (from: number) => w.node.intake.slice(from).filter((r) => r.action === 'admin-settle').length;
const delivery = async (disputeId: string) => ((await w.console!.run({ op: 'decision-view', userId: w.mediatorId, disputeId })) as DecisionView).decisions.map((d) => d.delivery);

beforeAll(async () => {
	w = await startFaultWorld('crash-waiting');
	link = new CuttableLink(w.relays[0]!.port);
	await link.up();
}, 60_000);
afterAll(async () => {
	await link?.down();
	await w?.stop();
});

describe('a decision waiting for a relay when the console is killed', () => {
	it('is shown as waiting across the restart and sent exactly once when a relay is back', async () => {
		await w.start({}, urls());
		const opened = await w.openDispute({ buyer: testKey('cw-b'), seller: testKey('cw-s') });
		const { orderId, disputeId } = opened;
		expect(await w.console!.run({ op: 'take', userId: w.mediatorId, disputeId })).toMatchObject({ state: 'acknowledged' });
		const before = w.node.intake.length;

		await link.down();
		// Let the console notice the relay is gone, then decide: the request waits for a relay.
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const decided = w.console!.run({ op: 'decide', userId: w.mediatorId, disputeId, input: decisionInput(orderId, 'settle') }, 120_000);
		decided.catch(() => undefined);
		// Journaled, and held: with no relay reachable nothing is published (no receipt yet).
		await waitFor(() => journal(disputeId)[0]?.state === 'sent', 'the request journaled and held for a relay', 15_000);
		await new Promise((resolve) => setTimeout(resolve, 4000));
		expect(journal(disputeId)[0]?.receipts).toBe('[]');
		expect(await delivery(disputeId)).toEqual(['waiting-relay']);

		// Killed while it waits; restarted with the relay still down.
		await w.start({}, urls());
		await expect(decided).rejects.toSatisfy((e: unknown) => e instanceof CommandFailure && e.exited);
		expect(await delivery(disputeId)).toEqual(['waiting-relay']);
		// Past the reply time-out (3 s) and a scan of the resender (10 s): still held, nothing sent.
		await new Promise((resolve) => setTimeout(resolve, 12_000));
		expect(await delivery(disputeId)).toEqual(['waiting-relay']);
		expect(settlesAtNode(before)).toBe(0);
		expect(journal(disputeId)).toHaveLength(1);

		await link.up();
		await waitFor(() => journal(disputeId)[0]?.state === 'acknowledged', 'the held decision sent and answered after the restart', 40_000);
		await waitFor(() => w.query<{ status: string }>('SELECT status FROM disputes WHERE id = ?', disputeId)[0]?.status === 'settled', 'the settled dispute', 15_000);
		await w.console!.settled();
		expect(settlesAtNode(before)).toBe(1);
		expect(w.node.order(orderId)?.status === 'success' || w.node.order(orderId)?.status === 'settled-hold-invoice').toBe(true);
		expect(journal(disputeId)).toHaveLength(1);
		expect(await delivery(disputeId)).toEqual(['acknowledged']);
		const actions = audit(disputeId);
		expect(actions.filter((a) => a === 'decision.executed')).toHaveLength(1);
		expect(actions.filter((a) => a === 'admin-settle.sent')).toHaveLength(1);
		expect(actions.filter((a) => a === 'admin-settle.resent')).toHaveLength(1);
		expect(actions.filter((a) => a === 'admin-settle.acknowledged')).toHaveLength(1);
		expect(actions.filter((a) => a === 'decision.outcome')).toHaveLength(1);

		// Another restart, past a resender scan: nothing is sent again.
		await w.start({}, urls());
		await new Promise((resolve) => setTimeout(resolve, 12_000));
		await w.console!.settled();
		expect(settlesAtNode(before)).toBe(1);
		expect(audit(disputeId)).toEqual(actions);
		expect(await w.auditVerify()).toContain('unbroken chain');
	}, 150_000);
});
