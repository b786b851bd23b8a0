// The sandbox launcher: a small seed (6 disputes, trickle off) lands on the relay as the node's
// kind 38386 events with the planned mix of statuses; a restart on the same data directory keeps
// the node key and does not seed again; a solver registered through registerSolver takes a
// seeded dispute over Nostr and gets the scripted disclosure and an encrypted image it can open;
// with bonds on (MEDIATOR_SANDBOX_BONDS) every seeded order holds both parties' bonds, a restart
// locks them again, and a solver's admin-settle slashes the one it names.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, describe, expect, it } from 'vitest';
import { buildAdminSettle } from '../../../../src/lib/protocol/actions/admin-settle.ts';
import { buildChatChannel } from '../../../../src/lib/protocol/chat/keys.ts';
import type { NostrEvent } from '../../../../src/lib/protocol/event.ts';
import { OUTCOME_STATUS, plannedDispute, startSandbox, type Sandbox } from '../../../../sim/sandbox/index.ts';
import { deriveKey } from '../../../../sim/traders/index.ts';
import { MostroClient, tag, testKey } from '../mostrod/client.ts';
import { attachmentOf, SolverChat, takeDispute } from '../traders/solver-chat.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-test-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Newest revision per `d` of the node's 38386 events. */
function latestDisputes(events: NostrEvent[]): Map<string, NostrEvent> {
	const m = new Map<string, NostrEvent>();
	for (const e of events) {
		const d = tag(e, 'd') ?? '';
		const prev = m.get(d);
		if (!prev || e.created_at > prev.created_at) m.set(d, e);
	}
	return m;
}

async function disputeEvents(sb: Sandbox): Promise<Map<string, NostrEvent>> {
	return latestDisputes(await sb.crowd.net.query([{ kinds: [38386], authors: [sb.nodePubkey] }]));
}

const HEX64 = /\b[0-9a-f]{64}\b/;

describe('sandbox', () => {
	let nodePubkey = '';
	const solver = testKey('sandbox-console-solver');
	let lndCredentials: { socket: string; cert: string; macaroon: string } | null = null;

	it("seeds 6 disputes as the node's 38386 events with the planned statuses and initiators", async () => {
		const sb = await startSandbox({ dataDir, seed: 'sandbox-test', disputes: 6, trickleEveryMs: 0, replyDelayMs: 0 });
		try {
			nodePubkey = sb.nodePubkey;
			expect(sb.nodeSecretKey).toMatch(/^[0-9a-f]{64}$/);
			expect(sb.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
			expect((await (await fetch(`${sb.controlUrl}/info`)).json()).pubkey).toBe(sb.nodePubkey);
			expect(sb.lnd.socket).toMatch(/^127\.0\.0\.1:\d+$/);
			lndCredentials = sb.lnd;
			const recs = sb.disputes();
			expect(recs).toHaveLength(6);
			const events = await disputeEvents(sb);
			expect(events.size).toBe(6);
			for (const [i, rec] of recs.entries()) {
				const e = events.get(rec.disputeId);
				expect(e?.pubkey).toBe(sb.nodePubkey);
				expect(tag(e!, 's')).toBe(OUTCOME_STATUS[plannedDispute(i).outcome]);
				expect(tag(e!, 'initiator')).toBe(plannedDispute(i).initiator);
			}
			const statuses = [...events.values()].map((e) => tag(e, 's')).sort();
			expect(statuses).toEqual(['in-progress', 'initiated', 'initiated', 'seller-refunded', 'settled', 'settled']);
			expect(recs.some((r) => r.scenario === 'scammer-seller')).toBe(true);
			expect(recs.some((r) => r.scenario === 'legacy-chat')).toBe(true);
			await sb.registerSolver(solver.pk, 'read-write');
		} finally {
			await sb.stop();
		}
	});

	it('restarts on the same data directory with the same node key and without duplicating the seed', async () => {
		const sb = await startSandbox({ dataDir, disputes: 6, trickleEveryMs: 0, replyDelayMs: 0 });
		try {
			expect(sb.nodePubkey).toBe(nodePubkey);
			// The LND double comes back on the same port with the same certificate and macaroon,
			// so the console's saved LND connection stays valid.
			expect(sb.lnd).toEqual(lndCredentials);
			expect(sb.disputes()).toHaveLength(6);
			expect((await disputeEvents(sb)).size).toBe(6);
			expect(sb.node.user(solver.pk)).toMatchObject({ isSolver: true, category: 2 });
			// The node double's rows survived: a seeded open dispute can be taken and settled, and its
			// rebuilt buyer still answers in the dispute chat.
			const rec = sb.disputes()[0]!;
			expect(sb.node.dispute(rec.disputeId)).toMatchObject({ status: 'initiated' });
			const client = await MostroClient.connect(sb.relayUrl, sb.nodePubkey, sb.protocolVersion);
			try {
				await takeDispute(client, solver, rec.disputeId);
				const chat = await SolverChat.open(client, solver, rec.buyerTradePubkey);
				await chat.say('Hello again, please share your shared key.');
				await chat.waitFor((m) => HEX64.test(m.text), 5000, 'disclosure after restart');
				const settled = await client.request(buildAdminSettle({ orderId: rec.orderId, requestId: client.nextRequestId() }), solver, {}, 5000);
				expect(settled.message.kind.action).toBe('admin-settled');
				await client.waitEvent((e) => e.kind === 38386 && tag(e, 'd') === rec.disputeId && tag(e, 's') === 'settled', 5000);
			} finally {
				await client.close();
			}
		} finally {
			await sb.stop();
		}
	});

	it('a registered solver takes a seeded dispute, gets the chat-key disclosure and an encrypted image', async () => {
		const sb = await startSandbox({ seed: 'sandbox-chat', disputes: 2, trickleEveryMs: 0, replyDelayMs: 0 });
		const client = await MostroClient.connect(sb.relayUrl, sb.nodePubkey, sb.protocolVersion);
		try {
			await sb.registerSolver(solver.pk, 'read-write');
			const rec = sb.disputes().find((r) => r.outcome === 'open');
			expect(rec).toBeDefined();
			const info = await takeDispute(client, solver, rec!.disputeId);
			expect(info.id).toBe(rec!.orderId);
			expect(info.buyer_pubkey).toBe(rec!.buyerTradePubkey);
			const chat = await SolverChat.open(client, solver, rec!.buyerTradePubkey);
			await chat.say('Hello, please share your chat key so I can read the trade chat.');
			const disclosure = await chat.waitFor((m) => HEX64.test(m.text), 5000, 'disclosure');
			const buyerTrade = deriveKey('sandbox-chat', `${rec!.label}-buyer trade 1`);
			expect(buyerTrade.pk).toBe(rec!.buyerTradePubkey);
			const trade = buildChatChannel(buyerTrade.sk, rec!.sellerTradePubkey);
			const expected = rec!.disclosed.buyer === 'k-conv' ? trade.convSecret : trade.shared;
			expect(disclosure.text.match(HEX64)?.[0]).toBe(bytesToHex(expected));

			await chat.say('Thanks. Now send me a screenshot of the payment as proof.');
			const image = await chat.waitFor((m) => attachmentOf(m)?.type === 'image_encrypted', 8000, 'image');
			const png = await chat.openAttachment(sb.blobUrl, attachmentOf(image)!);
			expect(Buffer.from(png.subarray(1, 4)).toString('latin1')).toBe('PNG');
		} finally {
			await client.close();
			await sb.stop();
		}
	});
	it("with bonds on, advertises bonds, locks both parties' bonds on each seeded order and slashes the one a settle names", async () => {
		const bondDir = mkdtempSync(join(tmpdir(), 'sandbox-bonds-'));
		const bonded = testKey('sandbox-bonded-solver');
		try {
			const first = await startSandbox({ dataDir: bondDir, seed: 'sandbox-bonds', disputes: 2, trickleEveryMs: 0, replyDelayMs: 0, bonds: true });
			let orderId = '';
			let disputeId = '';
			try {
				const info = await first.crowd.net.query([{ kinds: [38385], authors: [first.nodePubkey] }]);
				expect(info.some((e) => tag(e, 'bond_enabled') === 'true' && tag(e, 'bond_apply_to') === 'both')).toBe(true);
				for (const rec of first.disputes()) {
					expect(
						first.node
							.bonds(rec.orderId)
							.map((b) => b.side)
							.sort()
					).toEqual(['buyer', 'seller']);
				}
				const open = first.disputes().find((r) => r.outcome === 'open');
				expect(open).toBeDefined();
				orderId = open!.orderId;
				disputeId = open!.disputeId;
				expect(first.node.bonds(orderId).every((b) => b.state === 'locked')).toBe(true);
				await first.registerSolver(bonded.pk, 'read-write');
			} finally {
				await first.stop();
			}
			// A restart keeps the bonds locked (their hold invoices paid again in the fresh LND double).
			const sb = await startSandbox({ dataDir: bondDir, disputes: 2, trickleEveryMs: 0, replyDelayMs: 0, bonds: true });
			const client = await MostroClient.connect(sb.relayUrl, sb.nodePubkey, sb.protocolVersion);
			try {
				expect(sb.node.bonds(orderId)).toHaveLength(2);
				await takeDispute(client, bonded, disputeId);
				const settled = await client.request(buildAdminSettle({ orderId, requestId: client.nextRequestId(), bondResolution: { slash_buyer: true, slash_seller: false } }), bonded, {}, 8000);
				expect(settled.message.kind.action).toBe('admin-settled');
				await expect.poll(() => Object.fromEntries(sb.node.bonds(orderId).map((b) => [b.side, b.state])), { timeout: 8000 }).toEqual({ buyer: 'pending-payout', seller: 'released' });
			} finally {
				await client.close();
				await sb.stop();
			}
		} finally {
			rmSync(bondDir, { recursive: true, force: true });
		}
	});
});
