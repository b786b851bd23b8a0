// Simulated traders against the real relay, LND double, blob server and node double: scenarios
// open disputes over Nostr (shortcut orders and the full party dance, v2 and v1 transports), a
// solver takes one and gets the scripted greeting, chat-key disclosure (K_conv or raw ECDH
// secret) and encrypted attachments; the scammer's trade chat carries a replay and a wrong `p`.
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChatChannel } from '../../../../src/lib/protocol/chat/keys.ts';
import { unwrapLegacyChat } from '../../../../src/lib/protocol/chat/legacy.ts';
import { buildMemoryDedupStore } from '../../../../src/lib/protocol/chat/stores.ts';
import { buildChatChannelView, unwrapChatMessage } from '../../../../src/lib/protocol/chat/unwrap.ts';
import { startBlobServer, type RunningBlobServer } from '../../../../sim/blossom/index.ts';
import { startLndDouble, type LndDouble } from '../../../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble } from '../../../../sim/mostrod/index.ts';
import { startRelay, type RunningRelay } from '../../../../sim/relay/index.ts';
import { CHAT_KEY_TRIGGERS, runDisputeScenario, TraderCrowd, type ScenarioResult } from '../../../../sim/traders/index.ts';
import { MostroClient, testKey } from '../mostrod/client.ts';
import { attachmentOf, SolverChat, takeDispute } from './solver-chat.ts';

let relay: RunningRelay;
let lnd: LndDouble;
let blobs: RunningBlobServer;
beforeAll(async () => {
	relay = await startRelay();
	lnd = await startLndDouble({ seed: 'traders-tests' });
	blobs = await startBlobServer();
});
afterAll(async () => {
	await Promise.all([relay.stop(), lnd.stop(), blobs.stop()]);
});

const HEX64 = /\b[0-9a-f]{64}\b/;

describe.each([2, 1] as const)('traders on a v%i node', (version) => {
	let node: MostrodDouble;
	let crowd: TraderCrowd;
	let client: MostroClient;
	const solver = testKey(`traders-solver-v${version}`);
	beforeAll(async () => {
		node = await startMostrod({ relays: [relay.url], lnd, protocolVersion: version, dmFlushMs: 15, guardianIntervalMs: 0, seed: `traders-v${version}` });
		node.addSolver(solver.pk, 'read-write');
		crowd = await TraderCrowd.open({ relays: [relay.url], nodePubkey: node.pubkey, lnd, blobs, seed: `traders-v${version}`, replyDelayMs: 0 });
		client = await MostroClient.connect(relay.url, node.pubkey, version);
	});
	afterAll(async () => {
		await client.close();
		await crowd.stop();
		await node.stop();
	});

	it('learns the transport from the node info event', () => {
		expect(crowd.transport).toBe(version);
	});

	it('honest buyer: dispute over Nostr; the solver gets a greeting, the chat key and encrypted proof', async () => {
		const r: ScenarioResult = await runDisputeScenario(
			{ crowd, control: node },
			{
				scenario: 'honest-buyer',
				initiator: 'buyer',
				label: 'hb',
				buyer: { language: 'en', disclose: 'k-conv', privacy: 'reputation' },
				seller: { language: 'es', disclose: 'ecdh', privacy: 'full' }
			}
		);
		expect(node.dispute(r.disputeId)).toMatchObject({ status: 'initiated', orderId: r.orderId });
		expect(node.order(r.orderId)).toMatchObject({ status: 'dispute', buyerPubkey: r.buyer.key.pk, masterBuyerPubkey: r.buyer.trader.identity?.pk, masterSellerPubkey: null });
		const info = await takeDispute(client, solver, r.disputeId);
		expect(info.buyer_pubkey).toBe(r.buyer.key.pk);
		const trade = buildChatChannel(r.buyer.key.sk, r.seller.key.pk);

		const buyerChat = await SolverChat.open(client, solver, r.buyer.key.pk);
		await buyerChat.say('Hello, I am the mediator. Please share your chat key with the seller.');
		const greeting = await buyerChat.waitFor(() => true, 5000, 'greeting');
		expect(greeting.text).toMatch(/hello|hi/i);
		const disclosure = await buyerChat.waitFor((m) => HEX64.test(m.text), 5000, 'disclosure');
		expect(disclosure.text.match(HEX64)?.[0]).toBe(bytesToHex(trade.convSecret));

		const sellerChat = await SolverChat.open(client, solver, r.seller.key.pk);
		await sellerChat.say('Hola, ¿me envías la clave compartida del chat?');
		const sDisclosure = await sellerChat.waitFor((m) => HEX64.test(m.text), 5000, 'seller disclosure');
		expect(sDisclosure.text).toContain('clave compartida');
		expect(sDisclosure.text.match(HEX64)?.[0]).toBe(bytesToHex(trade.shared));

		await buyerChat.say('Thanks. Can you send a screenshot or receipt as proof?');
		const image = await buyerChat.waitFor((m) => attachmentOf(m)?.type === 'image_encrypted', 8000, 'image attachment');
		const pdf = await buyerChat.waitFor((m) => attachmentOf(m)?.type === 'file_encrypted', 8000, 'pdf attachment');
		const png = await buyerChat.openAttachment(blobs.url, attachmentOf(image)!);
		expect(Buffer.from(png.subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
		expect(attachmentOf(image)).toMatchObject({ mime_type: 'image/png', width: 48, height: 32, original_size: png.length });
		const doc = await buyerChat.openAttachment(blobs.url, attachmentOf(pdf)!);
		expect(Buffer.from(doc).toString('latin1')).toMatch(/^%PDF-1\.4[\s\S]*%%EOF\n$/);
	});

	it('scammer seller: the trade chat holds a replayed inner event and a wrong p tag; a K_conv reader catches both', async () => {
		const r = await runDisputeScenario({ crowd, control: node }, { scenario: 'scammer-seller', initiator: 'buyer', label: 'scam' });
		expect(r.tradeChat?.invalid.replay).toBeTruthy();
		const trade = buildChatChannel(r.buyer.key.sk, r.seller.key.pk);
		const events = (await crowd.net.query([{ kinds: [14], authors: [trade.signPubkey] }])).sort((a, b) => a.created_at - b.created_at);
		const ctx = {
			channel: buildChatChannelView(trade.convSecret, trade.signPubkey),
			allowedSigners: new Set([r.buyer.key.pk, r.seller.key.pk]),
			now: Math.floor(Date.now() / 1000),
			seenOuter: buildMemoryDedupStore(),
			seenInner: buildMemoryDedupStore()
		};
		const verdicts = events.map((e) => unwrapChatMessage(e, ctx));
		expect(verdicts.filter((v) => v.ok)).toHaveLength(5);
		expect(
			verdicts
				.filter((v) => !v.ok)
				.map((v) => (v.ok ? '' : v.reason))
				.sort()
		).toEqual(['bad_p_tag', 'replay']);
		expect(verdicts.some((v) => v.ok && v.inner.content.startsWith('{"type":"image_encrypted"'))).toBe(true);
	});

	it('legacy chat and the full party dance: G1 trade chat readable with the ECDH secret; order traded over Nostr', async () => {
		const r = await runDisputeScenario({ crowd, control: node }, { scenario: 'legacy-chat', initiator: 'seller', label: 'legacy', orderStatus: 'active' });
		const trade = buildChatChannel(r.seller.key.sk, r.buyer.key.pk);
		const wraps = await crowd.net.query([{ kinds: [1059], '#p': [trade.legacyPubkey] }]);
		const texts = wraps.map((e) => unwrapLegacyChat(e, { shared: trade.shared, allowedSigners: new Set([r.buyer.key.pk, r.seller.key.pk]) })).filter((x) => x.ok);
		expect(texts).toHaveLength(5);
		expect(node.disputeOfOrder(r.orderId)).toMatchObject({ status: 'initiated', orderPreviousStatus: 'active' });

		const dance = await runDisputeScenario({ crowd, control: node }, { scenario: 'full-dance', initiator: 'seller', label: 'dance', buyer: { privacy: 'reputation' }, seller: { privacy: 'reputation' } });
		expect(node.order(dance.orderId)).toMatchObject({ status: 'dispute', sellerDispute: true, masterSellerPubkey: dance.seller.trader.identity?.pk });
		expect(lnd.invoice(node.order(dance.orderId)?.hash ?? '')?.state).toBe('ACCEPTED');
		await takeDispute(client, solver, dance.disputeId);
		const chat = await SolverChat.open(client, solver, dance.seller.key.pk);
		await chat.say(`Hi, what happened? Also please send me your ${CHAT_KEY_TRIGGERS[0]}.`);
		await chat.waitFor((m) => HEX64.test(m.text), 5000, 'disclosure');
		expect(chat.received.length).toBeGreaterThanOrEqual(2);
	});
});
