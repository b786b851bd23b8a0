// A hostile relay floods a dispute chat's conversation tag with junk and the node's dispute
// kind with forged events while a mediator takes another dispute: the take still succeeds,
// the board still answers, and every junk event is counted, none stored.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { startFloodRelay } from '../../../helpers/flood-relay.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { startMostroServices } from '../../../../src/lib/server/mostro/services.ts';
import { listBoard, parseBoardQuery } from '../../../../src/lib/server/cases/board-query.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { testKey } from '../../sim/mostrod/client.ts';

const CHAT_JUNK = 5000;
const FORGED = 1000;

describe('relay floods', () => {
	let world: ConsoleWorld;
	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion: 2 }, 5000);
	});
	afterEach(() => world.stop());

	it('do not block a take, the board or the chat of real parties', async () => {
		const alice = await world.addMediator('alice');
		await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
		const open = async (n: number) => {
			const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: testKey(`flood-b${n}`).pk, sellerPubkey: testKey(`flood-s${n}`).pk });
			const dispute = await world.node.openDispute(order.id, 'buyer');
			await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'a dispute');
			return dispute.id;
		};
		const first = await open(1);
		expect((await executeTake(world.services, alice, first, { confirmedTakeover: false })).state).toBe('acknowledged');
		const second = await open(2);
		const channel = await waitFor(() => world.services.chat.channels.get(first, 'buyer'), 'the chat channel');

		const flood = await startFloodRelay({ conversationPubkey: channel.channel.convPubkey, chatJunk: CHAT_JUNK, forgedDisputes: FORGED });
		try {
			const started = performance.now();
			await startMostroServices(world.services, { pubkey: world.node.pubkey, relays: [world.relay.url, flood.url], useNodeRelayList: false, source: 'settings' });
			const take = executeTake(world.services, alice, second, { confirmedTakeover: false });
			const board = await listBoard(world.database.db, parseBoardQuery(new URLSearchParams()), alice.id);
			expect(board.rows.map((row) => row.id)).toEqual(expect.arrayContaining([first, second]));
			expect((await take).state).toBe('acknowledged');
			// Each re-subscription (the take above refreshes the chat watch) gets the flood again.
			await waitFor(() => world.services.chat.junkCount(first, 'buyer') >= CHAT_JUNK, 'all chat junk counted', 60_000, 50);
			await waitFor(
				() => {
					const rogue = world.services.engine.health().relays.find((relay) => relay.url === flood.url);
					return (rogue?.intake.rejected.wrong_author ?? 0) === FORGED;
				},
				'all forged disputes counted',
				60_000,
				50
			);
			console.log(`flood of ${CHAT_JUNK} chat junk + ${FORGED} forged disputes absorbed in ${Math.round(performance.now() - started)} ms`);
			expect((await world.database.db.selectFrom('chat_rejections').select('id').execute()).length).toBe(0);
			expect((await world.database.db.selectFrom('disputes').select('id').execute()).length).toBe(2);
		} finally {
			await flood.stop();
		}
	});
});

describe('a relay that never acknowledges', () => {
	let world: ConsoleWorld;
	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion: 2 }, 5000);
	});
	afterEach(() => world.stop());

	it('does not hold back the answer from the node (regression: the reply waited for every relay OK)', async () => {
		const alice = await world.addMediator('alice');
		await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
		const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: testKey('mute-b').pk, sellerPubkey: testKey('mute-s').pk });
		const dispute = await world.node.openDispute(order.id, 'seller');
		await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute');
		const mute = await startFloodRelay({ conversationPubkey: '0'.repeat(64), chatJunk: 0, forgedDisputes: 0 });
		try {
			await startMostroServices(world.services, { pubkey: world.node.pubkey, relays: [world.relay.url, mute.url], useNodeRelayList: false, source: 'settings' });
			expect((await executeTake(world.services, alice, dispute.id, { confirmedTakeover: false })).state).toBe('acknowledged');
			// The mute relay has not answered yet (it never will; its receipt times out later).
			const row = await world.database.db.selectFrom('action_journal').select(['receipts', 'state']).where('dispute_id', '=', dispute.id).executeTakeFirstOrThrow();
			expect(row).toEqual({ receipts: '[]', state: 'acknowledged' });
		} finally {
			await mute.stop();
		}
	});
});
