// Relays down for the console while a decision is made (issue 15). The console process reaches
// two embedded relays through links the test cuts; the node double keeps using the relays
// directly. One relay down for the whole decision, then back (and the other one down): the
// decision is sent once, its reply matched once, and disputes published meanwhile arrive once.
// All relays down between the publish and the reply, then back: the late reply is matched to
// the request, nothing is sent twice, and a dispute opened during the outage is read from the
// resumed subscriptions (no gap).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CuttableLink } from '../../../helpers/cuttable-link.ts';
import { decisionInput } from '../../../helpers/decision-world.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import { startFaultWorld, type FaultWorld } from './fault-world.ts';

let w: FaultWorld;
let links: CuttableLink[] = [];

const journal = (disputeId: string) => w.query<{ state: string }>("SELECT state FROM action_journal WHERE dispute_id = ? AND action = 'admin-settle'", disputeId);
const auditOf = (disputeId: string, action: string) => w.query<{ id: number }>('SELECT id FROM audit_log WHERE subject = ? AND action = ?', `dispute:${disputeId}`, action).length;
/** Settles the node processed since intake position `from` (each test sends one). */
const settlesAtNode = (from: number) => w.node.intake.slice(from).filter((r) => r.action === 'admin-settle').length;
const disputeRows = (disputeId: string) => w.query<{ id: string }>('SELECT id FROM disputes WHERE id = ?', disputeId).length;

async function opened(label: string) {
	const order = await w.node.createOrder({ kind: 'sell', buyerPubkey: testKey(`${label}-b`).pk, sellerPubkey: testKey(`${label}-s`).pk, amount: 30_000 });
	const dispute = await w.node.openDispute(order.id, 'buyer');
	return { orderId: order.id, disputeId: dispute.id };
}

async function taken(label: string) {
	const d = await opened(label);
	await waitFor(() => disputeRows(d.disputeId) === 1, `dispute ${label} in the console`, 10_000);
	expect(await w.console!.run({ op: 'take', userId: w.mediatorId, disputeId: d.disputeId })).toMatchObject({ state: 'acknowledged' });
	return d;
}

beforeAll(async () => {
	// The node answers in batches a second apart: room to cut the links between publish and reply.
	w = await startFaultWorld('relay-outage', { relays: 2, node: { dmFlushMs: 1000 } });
	links = w.relays.map((relay) => new CuttableLink(relay.port));
	for (const link of links) await link.up();
	await w.start(
		{},
		links.map((link) => `ws://127.0.0.1:${link.port}`)
	);
}, 60_000);
afterAll(async () => {
	for (const link of links) await link.down();
	await w?.stop();
});

describe('relays down during a decision', () => {
	it('one relay down for the whole decision, then back: sent once, reply matched once, no gap', async () => {
		const first = await taken('one-a');
		const before = w.node.intake.length;
		await links[1]!.down();
		const during = await opened('one-b');
		expect(await w.console!.run({ op: 'decide', userId: w.mediatorId, disputeId: first.disputeId, input: decisionInput(first.orderId, 'settle') })).toMatchObject({ kind: 'executed', outcome: { state: 'acknowledged' } });
		await waitFor(() => disputeRows(during.disputeId) === 1, 'the dispute opened with one relay down', 10_000);

		// Back, and now the other one is down: what the node publishes arrives through the returned relay only.
		await links[1]!.up();
		await links[0]!.down();
		const after = await opened('one-c');
		await waitFor(() => disputeRows(after.disputeId) === 1, 'the dispute read through the returned relay', 20_000);
		await links[0]!.up();
		await w.console!.settled();

		expect(settlesAtNode(before)).toBe(1);
		expect(journal(first.disputeId)).toEqual([{ state: 'acknowledged' }]);
		expect(auditOf(first.disputeId, 'admin-settle.sent')).toBe(1);
		expect(auditOf(first.disputeId, 'admin-settle.acknowledged')).toBe(1);
		expect(auditOf(first.disputeId, 'decision.outcome')).toBe(1);
		expect(w.query<{ id: number }>('SELECT id FROM decisions WHERE dispute_id = ?', first.disputeId)).toHaveLength(1);
	}, 40_000);

	it('all relays down between the publish and the reply, then back: the late reply is matched, nothing sent twice, no gap', async () => {
		const d = await taken('all-a');
		const before = w.node.intake.length;
		const decided = w.console!.run({ op: 'decide', userId: w.mediatorId, disputeId: d.disputeId, input: decisionInput(d.orderId, 'settle') });
		await waitFor(() => w.node.intake.slice(before).some((r) => r.action === 'admin-settle'), 'the node receiving the settle', 10_000, 5);
		for (const link of links) await link.down();
		const during = await opened('all-b');
		expect(await decided).toMatchObject({ kind: 'executed', outcome: { state: 'no-answer' } });
		expect(disputeRows(during.disputeId)).toBe(0);

		for (const link of links) await link.up();
		await waitFor(() => journal(d.disputeId)[0]?.state === 'acknowledged', 'the late reply matched', 20_000);
		await waitFor(() => disputeRows(during.disputeId) === 1, 'the dispute opened while every relay was down', 20_000);
		await w.console!.settled();
		expect(settlesAtNode(before)).toBe(1);
		expect(journal(d.disputeId)).toHaveLength(1);
		expect(auditOf(d.disputeId, 'admin-settle.sent')).toBe(1);
		expect(auditOf(d.disputeId, 'admin-settle.acknowledged')).toBe(1);
		expect(auditOf(d.disputeId, 'decision.outcome')).toBe(1);
		expect(await w.auditVerify()).toContain('unbroken chain');
	}, 50_000);
});
