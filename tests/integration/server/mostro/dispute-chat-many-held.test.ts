// The dispute chat of a console holding many disputes (issue 15, soak benchmark: "every party
// message stored exactly once" failed once the team held about 130 disputes). Regression: the
// live chat REQ put every held conversation's legacy tag into one `#p` list and every signing key
// into one `authors` list; relays cap those lists (the embedded relay: 256 tag values, 1,000
// authors) and refuse the whole REQ beyond the cap, so from then on no party message arrived
// live, before or after any restart. Each take also derived every channel again (several point
// multiplications each), seconds of a blocked event loop at a few hundred disputes. Now the lists
// are cut into filters the relays accept, channels are derived once, and a party key that is no
// curve point costs only its own channel.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { seedTakenCase } from '../../../helpers/case-seed.ts';
import { publishToRelay } from '../../../helpers/node-events.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { listChatMessages } from '../../../../src/lib/server/mostro/dispute-chat/chat-repository.ts';
import { buildChatChannel } from '../../../../src/lib/protocol/chat/keys.ts';
import { wrapChatMessage } from '../../../../src/lib/protocol/chat/wrap.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { testKey } from '../../sim/mostrod/client.ts';

const HELD = 150;

describe('dispute chat of a console holding many disputes', () => {
	let world: ConsoleWorld;

	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion: 2 });
	});
	afterEach(async () => {
		await world.stop();
	});

	it(`stores a party message live with ${HELD} disputes held, and a party key off the curve costs only its own channel`, async () => {
		const alice = await world.addMediator('alice');
		await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
		const db = world.database.db;
		for (let i = 0; i < HELD; i += 1) {
			const seeded = await seedTakenCase(db, alice.id, { amount: 10_000, fee: 30 });
			// 'f' × 64 is above the field prime: no point has it as x.
			const buyerPk = i === 0 ? 'f'.repeat(64) : testKey(`many-held-b${i}`).pk;
			await db
				.updateTable('disputes')
				.set({ buyer_pubkey: buyerPk, seller_pubkey: testKey(`many-held-s${i}`).pk })
				.where('id', '=', seeded.disputeId)
				.execute();
			await db.updateTable('dispute_info').set({ solver_pubkey: alice.pubkey }).where('dispute_id', '=', seeded.disputeId).execute();
		}

		const buyer = testKey('many-held-buyer');
		const seller = testKey('many-held-seller');
		const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 40_000 });
		const dispute = await world.node.openDispute(order.id, 'buyer');
		await waitFor(() => db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute');
		expect((await executeTake(world.services, alice, dispute.id, { confirmedTakeover: false })).state).toBe('acknowledged');
		await waitFor(() => world.services.chat.channels.get(dispute.id, 'buyer'), 'the chat channels', 20_000);
		await world.services.chat.settled();
		expect(world.services.chat.channels.signPubkeys().length).toBe(2 * HELD + 2 - 1);

		const channel = buildChatChannel(buyer.sk, alice.pubkey);
		const reply = wrapChatMessage(buyer.sk, channel, 'Here is the receipt, live.', { now: Math.floor(Date.now() / 1000) });
		await publishToRelay(world.relay.url, [reply.outer]);
		await waitFor(async () => (await listChatMessages(db, dispute.id)).some((m) => m.content === 'Here is the receipt, live.'), 'the party message stored', 10_000);
	}, 90_000);
});
