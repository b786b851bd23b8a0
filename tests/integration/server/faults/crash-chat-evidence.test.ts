// A chat send and an evidence import across a SIGKILL of the console process (issue 15):
// killed after the message is stored and before it is published, after it is published and
// before its receipts are recorded, and inside the import's transaction. After each restart
// nothing is duplicated or half-written (no false replay, no orphaned evidence rows), the
// mediator sees the truth (a message no relay confirmed says so), the import can simply be
// done again, and `mostro-mediator audit verify` accepts the chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandFailure } from '../../../helpers/console-process.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { startBlobServer, type RunningBlobServer } from '../../../../sim/blossom/index.ts';
import { runDisputeScenario, TraderCrowd } from '../../../../sim/traders/index.ts';
import { startFaultWorld, type FaultWorld } from './fault-world.ts';

let w: FaultWorld;
let blobs: RunningBlobServer;
let crowd: TraderCrowd;
let disputeId = '';

const died = (e: unknown) => e instanceof CommandFailure && e.exited;
const messages = () =>
	w.query<{ id: number; party: string; direction: string; inner_id: string; content: string; delivery: string }>('SELECT id, party, direction, inner_id, content, delivery FROM chat_messages WHERE dispute_id = ? ORDER BY id', disputeId);
const rejections = () => w.query<{ reason: string }>('SELECT reason FROM chat_rejections WHERE dispute_id = ?', disputeId);
const count = (table: string) => w.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE dispute_id = ?`, disputeId)[0]!.n;
const auditCount = (action: string) => w.query<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE action = ?', action)[0]!.n;
type Pane = { messages: Array<{ innerId?: string; text?: string; delivered: { accepted: number; total: number } | null }> };
const pane = async (party: 'buyer' | 'seller') => ((await w.console!.run({ op: 'chat-view', userId: w.mediatorId, disputeId })) as Record<string, Pane>)[party]!;

beforeAll(async () => {
	w = await startFaultWorld('crash-chat');
	blobs = await startBlobServer();
	crowd = await TraderCrowd.open({ relays: w.relays.map((r) => r.url), nodePubkey: w.node.pubkey, lnd: w.lnd, blobs, seed: 'crash-chat', replyDelayMs: 0 });
	await w.start();
	const r = await runDisputeScenario({ crowd, control: w.node }, { scenario: 'honest-buyer', initiator: 'buyer', label: 'crash', buyer: { language: 'en', disclose: 'k-conv' } });
	disputeId = r.disputeId;
	await waitFor(() => w.query('SELECT id FROM disputes WHERE id = ?', disputeId)[0], 'the dispute in the console', 10_000);
	expect(await w.console!.run({ op: 'take', userId: w.mediatorId, disputeId })).toMatchObject({ state: 'acknowledged' });
}, 60_000);

afterAll(async () => {
	await crowd?.stop();
	await blobs?.stop();
	await w?.stop();
});

describe('chat and evidence across a killed console', () => {
	it('killed after storing a message, before publishing it: kept once, shown as not confirmed by any relay', async () => {
		await w.start({ MEDIATOR_TEST_CRASH_POINT: 'chat-after-store' });
		await expect(w.console!.run({ op: 'chat-send', userId: w.mediatorId, disputeId, party: 'seller', text: 'Lost in the crash?' })).rejects.toSatisfy(died);
		await w.start();
		await w.console!.settled();
		const stored = messages().filter((m) => m.content === 'Lost in the crash?');
		expect(stored).toHaveLength(1);
		expect(stored[0]!.delivery).toBe('[]');
		// Regression: it was shown like any sent message, though no relay ever had it.
		const shown = (await pane('seller')).messages.find((m) => m.text === 'Lost in the crash?');
		expect(shown?.delivered).toEqual({ accepted: 0, total: 0 });
		expect(auditCount('chat.message_sent')).toBe(1);
	}, 30_000);

	it('killed after publishing a message: the relay hands it back, stored once, no false replay', async () => {
		await w.start({ MEDIATOR_TEST_CRASH_POINT: 'chat-after-publish' });
		await expect(w.console!.run({ op: 'chat-send', userId: w.mediatorId, disputeId, party: 'seller', text: 'Published, then killed' })).rejects.toSatisfy(died);
		await w.start();
		await w.console!.settled();
		await new Promise((resolve) => setTimeout(resolve, 500));
		await w.console!.settled();
		expect(messages().filter((m) => m.content === 'Published, then killed')).toHaveLength(1);
		expect(new Set(messages().map((m) => m.inner_id)).size).toBe(messages().length);
		expect(rejections()).toEqual([]);
		expect(auditCount('chat.message_sent')).toBe(2);
	}, 30_000);

	it('killed inside an evidence import: nothing half-written, the import succeeds once afterwards', async () => {
		await w.console!.run({ op: 'chat-send', userId: w.mediatorId, disputeId, party: 'buyer', text: 'Please share the chat key of your conversation with the other party.' });
		const disclosure = await waitFor(() => messages().find((m) => m.party === 'buyer' && m.direction === 'in' && /[0-9a-f]{64}/.test(m.content)), "the buyer's disclosure", 10_000);
		await w.start({ MEDIATOR_TEST_CRASH_POINT: 'evidence-before-commit' });
		await expect(w.console!.run({ op: 'import-evidence', userId: w.mediatorId, disputeId, sourceMessageId: disclosure.id })).rejects.toSatisfy(died);

		await w.start();
		expect(count('evidence_keys')).toBe(0);
		expect(count('evidence_events')).toBe(0);
		expect(auditCount('evidence.key_imported')).toBe(0);
		// The disclosed key is still in the message (the redaction was part of the lost transaction).
		expect(messages().find((m) => m.id === disclosure.id)?.content).toBe(disclosure.content);
		expect(await w.console!.run({ op: 'import-evidence', userId: w.mediatorId, disputeId, sourceMessageId: disclosure.id })).toMatchObject({ kind: 'k_conv', accepted: 5, rejected: 0 });
		expect(count('evidence_keys')).toBe(1);
		expect(auditCount('evidence.key_imported')).toBe(1);
		const events = w.query<{ raw_hash: string }>('SELECT raw_hash FROM evidence_events WHERE dispute_id = ?', disputeId);
		expect(new Set(events.map((e) => e.raw_hash)).size).toBe(events.length);
		expect(await w.auditVerify()).toContain('unbroken chain');
	}, 40_000);
});
