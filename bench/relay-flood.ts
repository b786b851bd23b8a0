// Bench: a hostile relay sends 50,000 junk events on a dispute chat's conversation tag and
// 10,000 forged dispute events while a mediator takes another dispute. Reports how long the
// engine takes to absorb each flood, the take's round trip during it, and the board query
// time meanwhile. On PostgreSQL when MEDIATOR_DATABASE_URL is set (a fresh database of its own on
// that server; npm run bench:relay-flood:pg starts a throwaway cluster), in-memory SQLite otherwise.
// Run: npm run bench:relay-flood
import { startConsoleWorld } from '../tests/helpers/console-node.ts';
import { startFloodRelayWorker } from '../tests/helpers/flood-relay-worker.ts';
import { waitFor } from '../tests/helpers/wait-for.ts';
import { executeAddSolver } from '../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../src/lib/server/mostro/actions/take-dispute.ts';
import { startMostroServices } from '../src/lib/server/mostro/services.ts';
import { listBoard, parseBoardQuery } from '../src/lib/server/cases/board-query.ts';
import { encodeNsec } from '../src/lib/protocol/keys.ts';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';

const CHAT_JUNK = 50_000;
const FORGED = 10_000;

const world = await startConsoleWorld({ protocolVersion: 2 }, 30_000);
try {
	const alice = await world.addMediator('alice');
	await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
	const open = async () => {
		const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: getPublicKey(generateSecretKey()), sellerPubkey: getPublicKey(generateSecretKey()) });
		const dispute = await world.node.openDispute(order.id, 'buyer');
		await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'a dispute');
		return dispute.id;
	};
	const first = await open();
	await executeTake(world.services, alice, first, { confirmedTakeover: false });
	const second = await open();
	const channel = await waitFor(() => world.services.chat.channels.get(first, 'buyer'), 'the channel');
	const flood = await startFloodRelayWorker({ conversationPubkey: channel.channel.convPubkey, chatJunk: CHAT_JUNK, forgedDisputes: FORGED });
	const started = performance.now();
	await startMostroServices(world.services, { pubkey: world.node.pubkey, relays: [world.relay.url, flood.url], useNodeRelayList: false, source: 'settings' });
	const takeStarted = performance.now();
	const take = executeTake(world.services, alice, second, { confirmedTakeover: false }).then((outcome) => ({ outcome, ms: performance.now() - takeStarted }));
	const boardTimes: number[] = [];
	const boardLoop = (async () => {
		for (let i = 0; i < 200; i++) {
			const t0 = performance.now();
			await listBoard(world.database.db, parseBoardQuery(new URLSearchParams()), alice.id);
			boardTimes.push(performance.now() - t0);
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	})();
	await waitFor(() => world.services.chat.junkCount(first, 'buyer') >= CHAT_JUNK, 'chat junk', 300_000, 20);
	const chatMs = performance.now() - started;
	await waitFor(() => (world.services.engine.health().relays.find((r) => r.url === flood.url)?.intake.rejected.wrong_author ?? 0) >= FORGED, 'forged', 300_000, 20);
	const forgedMs = performance.now() - started;
	const { outcome, ms } = await take;
	await boardLoop;
	boardTimes.sort((a, b) => a - b);
	console.log(`relay-flood (${process.env.MEDIATOR_DATABASE_URL ? 'PostgreSQL' : 'SQLite'}): ${CHAT_JUNK} chat junk + ${FORGED} forged disputes, Node ${process.version}`);
	console.log(`  chat junk absorbed after ${Math.round(chatMs)} ms; forged disputes after ${Math.round(forgedMs)} ms`);
	console.log(`  take during the flood: ${outcome.state} in ${Math.round(ms)} ms`);
	console.log(`  board query during the flood: p50 ${boardTimes[Math.floor(boardTimes.length / 2)]!.toFixed(2)} ms, p95 ${boardTimes[Math.floor(boardTimes.length * 0.95)]!.toFixed(2)} ms`);
	await flood.stop();
} finally {
	await world.stop();
}
