// The dispute chat against the node double and the embedded relay: both directions with each
// party, legacy messages, a forged signer and a replay rejected, attachments both ways through
// the blob server. The chat envelopes do not depend on the node's transport, so the node runs
// v2 (the current daemon); the take on both transports is proven by the protocol tests.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { publishToRelay } from '../../../helpers/node-events.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { startBlobServer } from '../../../../sim/blossom/index.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { openChatAttachment, sendChatFile } from '../../../../src/lib/server/mostro/dispute-chat/attachment-files.ts';
import { listChatMessages } from '../../../../src/lib/server/mostro/dispute-chat/chat-repository.ts';
import { buildChatChannel } from '../../../../src/lib/protocol/chat/keys.ts';
import { rewrapChatInner, wrapChatMessage } from '../../../../src/lib/protocol/chat/wrap.ts';
import { wrapLegacyChat } from '../../../../src/lib/protocol/chat/legacy.ts';
import { buildChatChannelView, unwrapChatMessage } from '../../../../src/lib/protocol/chat/unwrap.ts';
import { encryptAttachmentBlob, openAttachment, parseChatContent } from '../../../../src/lib/protocol/attachments.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { signEvent, type NostrEvent } from '../../../../src/lib/protocol/event.ts';
import { startMostroServices } from '../../../../src/lib/server/mostro/services.ts';
import { generateSecretKey } from 'nostr-tools/pure';
import { testKey } from '../../sim/mostrod/client.ts';
import { bytesToHex } from '@noble/hashes/utils.js';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8]);
const now = () => Math.floor(Date.now() / 1000);

async function fetchEvents(url: string, filter: Record<string, unknown>): Promise<NostrEvent[]> {
	const socket = new WebSocket(url);
	await new Promise((resolve) => socket.once('open', resolve));
	const events: NostrEvent[] = [];
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('no EOSE')), 5000);
		socket.on('message', (raw) => {
			const frame = JSON.parse(raw.toString()) as unknown[];
			if (frame[0] === 'EVENT') events.push(frame[2] as NostrEvent);
			if (frame[0] === 'EOSE') {
				clearTimeout(timer);
				resolve();
			}
		});
		socket.send(JSON.stringify(['REQ', 'q', filter]));
	});
	socket.close();
	return events;
}

/** A dispute opened by the buyer and taken by a read-write mediator, with its chat channels ready. */
async function takenChat(world: ConsoleWorld, buyer: { pk: string }, seller: { pk: string }) {
	const alice = await world.addMediator('alice');
	await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
	const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 40_000 });
	const dispute = await world.node.openDispute(order.id, 'buyer');
	await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute');
	expect((await executeTake(world.services, alice, dispute.id, { confirmedTakeover: false })).state).toBe('acknowledged');
	await waitFor(() => world.services.chat.channels.get(dispute.id, 'buyer'), 'the chat channels');
	return { alice, dispute };
}

const protocolVersion = 2;

describe('dispute chat', () => {
	let world: ConsoleWorld;
	let blobs: Awaited<ReturnType<typeof startBlobServer>>;
	const buyer = testKey(`chat-buyer-${protocolVersion}`);
	const seller = testKey(`chat-seller-${protocolVersion}`);

	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion });
		blobs = await startBlobServer();
	});
	afterEach(async () => {
		await blobs.stop();
		await world.stop();
	});

	const takenDispute = async () => {
		const { alice, dispute } = await takenChat(world, buyer, seller);
		return { alice, disputeId: dispute.id };
	};

	const messages = async (disputeId: string) => listChatMessages(world.database.db, disputeId);

	it('talks both ways with each party, reads legacy messages and rejects a forged signer and a replay', async () => {
		const { alice, disputeId } = await takenDispute();
		const buyerChannel = buildChatChannel(buyer.sk, alice.pubkey);
		const sellerChannel = buildChatChannel(seller.sk, alice.pubkey);

		await world.services.chat.send(alice, disputeId, 'buyer', 'Hello buyer, please send proof.');
		const outgoing = await fetchEvents(world.relay.url, { kinds: [14], '#p': [buyerChannel.convPubkey] });
		expect(outgoing).toHaveLength(1);
		const opened = unwrapChatMessage(outgoing[0], { channel: buildChatChannelView(buyerChannel.convSecret, buyerChannel.signPubkey), allowedSigners: new Set([alice.pubkey]), now: now() });
		expect(opened.ok && opened.inner.content).toBe('Hello buyer, please send proof.');
		const sent = (await messages(disputeId)).find((m) => m.direction === 'out');
		expect(JSON.parse(sent?.delivery ?? '[]')).toEqual([expect.objectContaining({ relay: world.relay.url, accepted: true })]);

		const reply = wrapChatMessage(buyer.sk, buyerChannel, 'Here is my answer', { now: now() });
		const legacy = wrapLegacyChat(seller.sk, sellerChannel.shared, 'Seller writing the old way', { now: now() });
		const stranger = testKey('stranger');
		const forged = wrapChatMessage(stranger.sk, buyerChannel, 'I am the buyer, honest', { now: now() });
		await publishToRelay(world.relay.url, [reply.outer, legacy.outer, forged.outer]);
		await waitFor(async () => (await messages(disputeId)).length === 3, 'both party messages');
		const replay = rewrapChatInner(reply.inner, buyerChannel, { now: now() + 1 });
		await publishToRelay(world.relay.url, [replay]);
		await waitFor(async () => (await world.database.db.selectFrom('chat_rejections').select('reason').execute()).length === 2, 'two rejections');

		const stored = await messages(disputeId);
		expect(stored.map((m) => [m.party, m.direction, m.generation, m.content])).toEqual(
			expect.arrayContaining([
				['buyer', 'out', 'current', 'Hello buyer, please send proof.'],
				['buyer', 'in', 'current', 'Here is my answer'],
				['seller', 'in', 'legacy', 'Seller writing the old way']
			])
		);
		const reasons = (await world.database.db.selectFrom('chat_rejections').select('reason').execute()).map((r) => r.reason).sort();
		expect(reasons).toEqual(['replay', 'unknown_signer']);
		const dispute = await world.database.db.selectFrom('disputes').select('unread_count').where('id', '=', disputeId).executeTakeFirstOrThrow();
		expect(dispute.unread_count).toBe(2);
		const audit = (await world.database.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
		expect(audit).toContain('chat.message_sent');
	});

	it('opens an image a party sent and sends a file the party can open', async () => {
		const { alice, disputeId } = await takenDispute();
		const buyerChannel = buildChatChannel(buyer.sk, alice.pubkey);
		const blob = encryptAttachmentBlob(PNG, buyerChannel.shared);
		const { url, sha256 } = await blobs.put(blob);
		expect(url).toContain(sha256);
		const descriptor = {
			type: 'image_encrypted',
			blossom_url: `blossom://${new URL(blobs.url).host}/${sha256}`,
			nonce: bytesToHex(blob.subarray(0, 12)),
			mime_type: 'image/png',
			original_size: PNG.length,
			width: 4,
			height: 4,
			filename: '<script>x</script>.png'
		};
		await publishToRelay(world.relay.url, [wrapChatMessage(buyer.sk, buyerChannel, JSON.stringify(descriptor), { now: now() }).outer]);
		const message = await waitFor(async () => (await messages(disputeId)).find((m) => m.attachment !== null), 'the attachment message');
		const policy = { allowedHosts: [], allowLoopback: true };
		const closed = { allowedHosts: [], allowLoopback: false };
		await expect(openChatAttachment(world.services, alice, disputeId, { messageId: message.id, policy: closed })).rejects.toMatchObject({
			messageKey: 'attachment.error.unavailable_host',
			params: { hash: sha256, host: new URL(blobs.url).host }
		});
		const openedImage = await openChatAttachment(world.services, alice, disputeId, { messageId: message.id, policy: policy });
		expect(openedImage).toMatchObject({ contentType: 'image/png', inline: true, filename: '_script_x__script_.png' });
		expect(Buffer.from(openedImage.bytes).equals(Buffer.from(PNG))).toBe(true);
		// Once archived, a view connects to no host at all.
		expect(Buffer.from((await openChatAttachment(world.services, alice, disputeId, { messageId: message.id, policy: closed })).bytes).equals(Buffer.from(PNG))).toBe(true);

		const pdf = new TextEncoder().encode('%PDF-1.4 test document');
		await sendChatFile(world.services, alice, disputeId, { party: 'seller', file: { bytes: pdf, name: 'statement.pdf', type: 'application/pdf' }, uploadUrl: blobs.url });
		const sellerChannel = buildChatChannel(seller.sk, alice.pubkey);
		const [event] = await fetchEvents(world.relay.url, { kinds: [14], '#p': [sellerChannel.convPubkey] });
		const opened = unwrapChatMessage(event, { channel: buildChatChannelView(sellerChannel.convSecret, sellerChannel.signPubkey), allowedSigners: new Set([alice.pubkey]), now: now() });
		expect(opened.ok).toBe(true);
		const content = parseChatContent(opened.ok ? opened.inner.content : '');
		expect(content.type).toBe('attachment');
		if (content.type !== 'attachment') return;
		const hash = content.attachment.blossom_url.split('/').pop();
		const downloaded = new Uint8Array(await (await fetch(`${blobs.url}/${hash}`)).arrayBuffer());
		expect(new TextDecoder().decode(openAttachment(downloaded, content.attachment, sellerChannel.shared))).toBe('%PDF-1.4 test document');
		const audit = (await world.database.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
		expect(audit).toEqual(expect.arrayContaining(['attachment.viewed', 'chat.attachment_sent']));
	});
});

describe('dispute chat behind a flooded conversation tag', () => {
	let world: ConsoleWorld;
	afterEach(() => world.stop());

	const takenDispute = async (buyerSeed: string, sellerSeed: string) => {
		const buyer = testKey(buyerSeed);
		return { buyer, ...(await takenChat(world, buyer, testKey(sellerSeed))) };
	};

	it('finds a party message after a restart although a stranger posted 150 newer events to its p tag (relay answers ≤ 100)', async () => {
		world = await startConsoleWorld({ protocolVersion: 2 }, 1500, { maxQueryLimit: 100 });
		const { buyer, alice, dispute } = await takenDispute('flood-buyer', 'flood-seller');

		await world.services.engine.stop();
		const channel = buildChatChannel(buyer.sk, alice.pubkey);
		const written = now() - 200;
		await publishToRelay(world.relay.url, [wrapChatMessage(buyer.sk, channel, 'The buyer wrote once', { now: written }).outer]);
		const junk = Array.from({ length: 150 }, (_, i) => signEvent({ kind: 14, created_at: written + 1 + i, tags: [['p', channel.convPubkey]], content: `junk ${i}` }, generateSecretKey()));
		await publishToRelay(world.relay.url, junk, 15_000);
		expect(await fetchEvents(world.relay.url, { kinds: [14], '#p': [channel.convPubkey] })).toHaveLength(100);

		await startMostroServices(world.services, { pubkey: world.node.pubkey, relays: [world.relay.url], useNodeRelayList: false, source: 'settings' });
		await waitFor(async () => (await listChatMessages(world.database.db, dispute.id)).some((m) => m.content === 'The buyer wrote once'), 'the buyer message');
	}, 60_000);

	it('stores every message a party wrote while the console was down although they exceed the relay cap (pages backwards)', async () => {
		// 50 messages against a cap of 20 (kept under the chat's per-conversation burst of 60).
		world = await startConsoleWorld({ protocolVersion: 2 }, 1500, { maxQueryLimit: 20 });
		const { buyer, alice, dispute } = await takenDispute('page-buyer', 'page-seller');

		await world.services.engine.stop();
		const channel = buildChatChannel(buyer.sk, alice.pubkey);
		const first = now() - 500;
		const posts = Array.from({ length: 50 }, (_, i) => wrapChatMessage(buyer.sk, channel, `buyer message ${i}`, { now: first + i * 3 }).outer);
		await publishToRelay(world.relay.url, posts, 15_000);

		await startMostroServices(world.services, { pubkey: world.node.pubkey, relays: [world.relay.url], useNodeRelayList: false, source: 'settings' });
		await waitFor(async () => (await listChatMessages(world.database.db, dispute.id)).filter((m) => m.content.startsWith('buyer message ')).length === 50, 'all 50 buyer messages');
	}, 60_000);

	it('stores all 150 messages a party wrote while the console was down: recovered history does not count against the live flood limit', async () => {
		world = await startConsoleWorld({ protocolVersion: 2 }, 1500, { maxQueryLimit: 100 });
		const { buyer, alice, dispute } = await takenDispute('burst-buyer', 'burst-seller');

		await world.services.engine.stop();
		const channel = buildChatChannel(buyer.sk, alice.pubkey);
		const first = now() - 900;
		const posts = Array.from({ length: 150 }, (_, i) => wrapChatMessage(buyer.sk, channel, `outage message ${i}`, { now: first + i * 5 }).outer);
		await publishToRelay(world.relay.url, posts, 20_000);

		await startMostroServices(world.services, { pubkey: world.node.pubkey, relays: [world.relay.url], useNodeRelayList: false, source: 'settings' });
		await waitFor(async () => (await listChatMessages(world.database.db, dispute.id)).filter((m) => m.content.startsWith('outage message ')).length === 150, 'all 150 buyer messages', 30_000);
		expect(world.services.chat.rateLimitedCount(dispute.id, 'buyer')).toBe(0);
	}, 90_000);

	it('still limits a live flood written with the conversation key, and the party message inside it is read again and stored', async () => {
		world = await startConsoleWorld({ protocolVersion: 2 });
		const { buyer, alice, dispute } = await takenDispute('live-flood-buyer', 'live-flood-seller');
		const channel = buildChatChannel(buyer.sk, alice.pubkey);
		// Someone who learned the conversation key (the party disclosed it) floods it with inner
		// events signed by their own key; the party then writes once.
		const stranger = generateSecretKey();
		const written = now();
		const flood = Array.from({ length: 100 }, (_, i) => wrapChatMessage(stranger, channel, `flood ${i}`, { now: written }).outer);
		await publishToRelay(world.relay.url, [...flood, wrapChatMessage(buyer.sk, channel, 'The buyer, after the flood', { now: written }).outer], 20_000);

		await waitFor(() => world.services.chat.rateLimitedCount(dispute.id, 'buyer') > 0, 'the live limit refusing part of the flood');
		await waitFor(async () => (await listChatMessages(world.database.db, dispute.id)).some((m) => m.content === 'The buyer, after the flood'), 'the buyer message', 20_000);
		const stored = await listChatMessages(world.database.db, dispute.id);
		expect(stored.filter((m) => m.content.startsWith('flood '))).toHaveLength(0);
		// Everything the limit held back has been read again (the flood is stored as rejections).
		await waitFor(() => world.services.chat.rateLimitedCount(dispute.id, 'buyer') === 0 || null, 'the held-back events read again');
	}, 60_000);
});
