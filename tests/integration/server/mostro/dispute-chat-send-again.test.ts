// "Send again" for a mediator's chat message that reached no relay (issue 15, "Nothing lost"):
// the console's only relay is cut (tests/helpers/relay-cut.ts) while the mediator writes, so the
// message is stored with every receipt "not connected". Regression: it stayed that way for good —
// the chat said "accepted by 0 of 1 relays" and offered nothing, and the party never got it.
// Now the pane marks it as sendable again; sending it again (relay back) publishes the very same
// event once, the party receives and answers it, a second attempt is refused, one row is stored,
// no replay is flagged, and both steps are in the audit log. The same after a SIGKILL between
// storing and publishing (killed console, real restart).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandFailure } from '../../../helpers/console-process.ts';
import { startRelayCut, type RelayCut } from '../../../helpers/relay-cut.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { startBlobServer, type RunningBlobServer } from '../../../../sim/blossom/index.ts';
import { runDisputeScenario, TraderCrowd } from '../../../../sim/traders/index.ts';
import { startFaultWorld, type FaultWorld } from '../faults/fault-world.ts';

let w: FaultWorld;
let blobs: RunningBlobServer;
let crowd: TraderCrowd;
let cut: RelayCut;
let disputeId = '';

type Row = { id: number; party: string; direction: string; outer_id: string; content: string; delivery: string };
const messages = () => w.query<Row>('SELECT id, party, direction, outer_id, content, delivery FROM chat_messages WHERE dispute_id = ? ORDER BY id', disputeId);
const auditCount = (action: string) => w.query<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE action = ?', action)[0]!.n;
type Pane = { messages: Array<{ id: number; text?: string; resendable: boolean; delivered: { accepted: number; total: number } | null }> };
const pane = async (party: 'buyer' | 'seller') => ((await w.console!.run({ op: 'chat-view', userId: w.mediatorId, disputeId })) as Record<string, Pane>)[party]!;
const startViaCut = () => w.start({}, [cut.url]);

beforeAll(async () => {
	w = await startFaultWorld('chat-again');
	cut = await startRelayCut(w.relays[0]!.url);
	blobs = await startBlobServer();
	crowd = await TraderCrowd.open({ relays: w.relays.map((r) => r.url), nodePubkey: w.node.pubkey, lnd: w.lnd, blobs, seed: 'chat-again', replyDelayMs: 0 });
	await startViaCut();
	const r = await runDisputeScenario({ crowd, control: w.node }, { scenario: 'honest-buyer', initiator: 'buyer', label: 'again', buyer: { language: 'en', disclose: 'k-conv' } });
	disputeId = r.disputeId;
	await waitFor(() => w.query('SELECT id FROM disputes WHERE id = ?', disputeId)[0], 'the dispute in the console', 10_000);
	expect(await w.console!.run({ op: 'take', userId: w.mediatorId, disputeId })).toMatchObject({ state: 'acknowledged' });
}, 60_000);

afterAll(async () => {
	await crowd?.stop();
	await blobs?.stop();
	await w?.stop();
	await cut?.close();
});

async function sendAgainOnce(text: string, party: 'buyer' | 'seller') {
	const row = messages().find((m) => m.content === text)!;
	const before = (await pane(party)).messages.find((m) => m.id === row.id)!;
	expect(before.resendable).toBe(true);
	expect(before.delivered?.accepted).toBe(0);
	// A console just restarted may still be connecting: the mediator clicks again while no relay has it.
	let attempts = 0;
	let again: { receipts: Array<{ accepted: boolean }> } = { receipts: [] };
	while (attempts < 4 && !again.receipts.some((r) => r.accepted)) {
		attempts += 1;
		again = (await w.console!.run({ op: 'chat-resend', userId: w.mediatorId, disputeId, messageId: row.id })) as typeof again;
	}
	expect(again.receipts.filter((r) => r.accepted)).toHaveLength(1);
	// The very same event, once on the relay; the party answers it.
	expect(messages().find((m) => m.id === row.id)?.outer_id).toBe(row.outer_id);
	const after = (await pane(party)).messages.find((m) => m.id === row.id)!;
	expect(after).toMatchObject({ resendable: false, delivered: { accepted: 1, total: 1 } });
	// Sent: a second attempt is refused, nothing is published twice.
	await expect(w.console!.run({ op: 'chat-resend', userId: w.mediatorId, disputeId, messageId: row.id })).rejects.toSatisfy((e: unknown) => e instanceof CommandFailure && e.messageKey === 'chat.error.already_delivered');
	return { row, attempts };
}

describe('a chat message that reached no relay', () => {
	it('sent while the relay was cut: shown as not sent, sent again once when the relay is back, the party answers', async () => {
		const partyBefore = messages().filter((m) => m.party === 'seller' && m.direction === 'in').length;
		await cut.cut();
		const sent = (await w.console!.run({ op: 'chat-send', userId: w.mediatorId, disputeId, party: 'seller', text: 'Are you there?' })) as { receipts: Array<{ accepted: boolean; message: string }> };
		expect(sent.receipts.every((r) => !r.accepted)).toBe(true);
		await cut.restore();
		// The console reconnects on its own (back-off); the party never saw the message meanwhile.
		await new Promise((resolve) => setTimeout(resolve, 4000));
		const { row, attempts } = await sendAgainOnce('Are you there?', 'seller');
		await waitFor(() => messages().filter((m) => m.party === 'seller' && m.direction === 'in').length > partyBefore, "the seller's answer", 20_000);
		await w.console!.settled();
		expect(messages().filter((m) => m.content === 'Are you there?')).toHaveLength(1);
		expect(w.query('SELECT reason FROM chat_rejections WHERE dispute_id = ?', disputeId)).toEqual([]);
		expect(auditCount('chat.message_sent')).toBe(1);
		expect(auditCount('chat.message_resent')).toBe(attempts);
		expect(row.outer_id).toMatch(/^[0-9a-f]{64}$/);
	}, 90_000);

	it('killed after storing, before publishing: after the restart it is sent again once, and a second restart reads it back as ours', async () => {
		await w.start({ MEDIATOR_TEST_CRASH_POINT: 'chat-after-store' }, [cut.url]);
		await expect(w.console!.run({ op: 'chat-send', userId: w.mediatorId, disputeId, party: 'buyer', text: 'Lost in the crash?' })).rejects.toSatisfy((e: unknown) => e instanceof CommandFailure && e.exited);
		await startViaCut();
		await w.console!.settled();
		const resentBefore = auditCount('chat.message_resent');
		const { attempts } = await sendAgainOnce('Lost in the crash?', 'buyer');
		await startViaCut();
		await w.console!.settled();
		await new Promise((resolve) => setTimeout(resolve, 1000));
		await w.console!.settled();
		expect(messages().filter((m) => m.content === 'Lost in the crash?')).toHaveLength(1);
		expect(w.query('SELECT reason FROM chat_rejections WHERE dispute_id = ?', disputeId)).toEqual([]);
		expect(auditCount('chat.message_resent')).toBe(resentBefore + attempts);
		expect(await w.auditVerify()).toContain('unbroken chain');
	}, 90_000);
	it('the same text sent twice in one second is one message, published once', async () => {
		// The inner event is dated in whole seconds: two sends straddling a second are two messages; try a few pairs.
		let pair: Array<{ innerId: string; receipts: Array<{ accepted: boolean }> }> = [];
		let text = '';
		let sentBefore = 0;
		for (let attempt = 0; attempt < 6; attempt += 1) {
			text = `Twice at once ${attempt} ${Date.now()}`;
			sentBefore = auditCount('chat.message_sent');
			pair = (await Promise.all([0, 1].map(() => w.console!.run({ op: 'chat-send', userId: w.mediatorId, disputeId, party: 'seller', text })))) as typeof pair;
			if (pair[0]!.innerId === pair[1]!.innerId) break;
		}
		expect(pair[0]!.innerId).toBe(pair[1]!.innerId);
		// Regression: both published an outer event (two audit entries for one row, an orphan event on the relay).
		expect(pair.map((p) => p.receipts.length).sort()).toEqual([0, 1]);
		expect(messages().filter((m) => m.content === text)).toHaveLength(1);
		expect(auditCount('chat.message_sent')).toBe(sentBefore + 1);
		await startViaCut();
		await w.console!.settled();
		await new Promise((resolve) => setTimeout(resolve, 1500));
		await w.console!.settled();
		// Read back from the relay after a restart: one message, no "replay" of a second copy.
		expect(w.query('SELECT reason FROM chat_rejections WHERE dispute_id = ?', disputeId)).toEqual([]);
	}, 60_000);
});
