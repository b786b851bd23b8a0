// The dispute chat's live subscription survives a burst of one-shot relay queries (issue 15,
// soak benchmark: "every party message stored exactly once" failed). Regression: evidence
// imports page the relays with several queries each, and the team's imports of many disputes at
// once put more than a hundred REQs on the console's one connection to a relay. A relay keeps a
// bounded number of subscriptions per connection (the embedded relay 100, like public relays'
// "too many subscriptions"); the excess pushed out the console's long-lived ones — the dispute
// chat, the node's replies, the dispute events — silently, so from then on party messages and
// the node's answers were never delivered, on a connection that still accepted every publish.
// Now a connection runs a bounded number of one-shot queries at a time (the rest wait their
// turn), leaving room for the subscriptions: a party message sent after the burst is stored live.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { publishToRelay } from '../../../helpers/node-events.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { listChatMessages } from '../../../../src/lib/server/mostro/dispute-chat/chat-repository.ts';
import { buildChatChannel } from '../../../../src/lib/protocol/chat/keys.ts';
import { wrapChatMessage } from '../../../../src/lib/protocol/chat/wrap.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';

const now = () => Math.floor(Date.now() / 1000);

describe('dispute chat after a burst of relay queries', () => {
	let world: ConsoleWorld;
	const buyer = testKey('burst-buyer');
	const seller = testKey('burst-seller');

	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion: 2 });
	});
	afterEach(async () => {
		await world.stop();
	});

	it('stores a party message sent after 150 concurrent queries, live (no restart, no reconnect)', async () => {
		const alice = await world.addMediator('alice');
		await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
		const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 40_000 });
		const dispute = await world.node.openDispute(order.id, 'buyer');
		await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute');
		expect((await executeTake(world.services, alice, dispute.id, { confirmedTakeover: false })).state).toBe('acknowledged');
		await waitFor(() => world.services.chat.channels.get(dispute.id, 'buyer'), 'the chat channels');
		await world.services.chat.settled();
		const channel = buildChatChannel(buyer.sk, alice.pubkey);

		// What a dozen evidence imports at once put on the connection.
		const answers = await Promise.all(Array.from({ length: 150 }, () => world.services.engine.query([{ kinds: [14], authors: [bytesToHex(randomBytes(32))] }], 8000)));
		expect(answers.every((perRelay) => perRelay.every((a) => a.complete))).toBe(true);

		const reply = wrapChatMessage(buyer.sk, channel, 'Still there after the burst?', { now: now() });
		await publishToRelay(world.relay.url, [reply.outer]);
		await waitFor(async () => (await listChatMessages(world.database.db, dispute.id)).some((m) => m.content === 'Still there after the burst?'), 'the party message stored', 10_000);
	}, 60_000);
});
