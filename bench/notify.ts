// Bench (issue 19): time from the relay accepting a new dispute event (its OK) to the console's
// NIP-17 direct message about it being on the relay, as seen by a DM reader subscribed there;
// 100 disputes on loopback, one verified mediator; p50/p95. In-process console services (no
// build needed). Run: npm run bench:notify
import WebSocket from 'ws';
import { randomBytes, randomUUID } from 'node:crypto';
import { startRelay } from '../sim/relay/index.ts';
import { makeTestNode } from '../tests/helpers/node-events.ts';
import { startDmReader } from '../tests/helpers/dm-reader.ts';
import { openTestDatabase } from '../tests/helpers/test-db.ts';
import { createSealer } from '../src/lib/server/vault/seal.ts';
import { createMostroServices, startMostroServices } from '../src/lib/server/mostro/services.ts';
import { insertUser } from '../src/lib/server/users/repository.ts';
import { personActor } from '../src/lib/server/auth/actor.ts';
import { confirmNpubCode, startNpubVerification } from '../src/lib/server/notifications/notification-settings.ts';

const DISPUTES = 100;
const relay = await startRelay();
const node = makeTestNode();
const database = openTestDatabase();
const services = createMostroServices(database.db, createSealer(new Uint8Array(randomBytes(32))));
await startMostroServices(services, { pubkey: node.pubkey, relays: [relay.url], useNodeRelayList: false, source: 'settings' });
const reader = await startDmReader(relay.url);

try {
	const id = await insertUser(database.db, { name: 'bench', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
	const actor = personActor({ id, name: 'bench', role: 'mediator' });
	let code = '';
	await startNpubVerification(services, actor, null, { pubkey: reader.pubkey, send: async (_pk, c) => ((code = c), true) });
	await confirmNpubCode(services, actor, null, { code });

	const socket = new WebSocket(relay.url);
	await new Promise((resolve) => socket.once('open', resolve));
	const waiters = new Map<string, () => void>();
	socket.on('message', (raw) => {
		const frame = JSON.parse(raw.toString()) as unknown[];
		if (frame[0] === 'OK' && typeof frame[1] === 'string') waiters.get(frame[1])?.();
	});
	await new Promise((r) => setTimeout(r, 1000));

	const latencies: number[] = [];
	for (let i = 0; i < DISPUTES; i++) {
		const disputeId = randomUUID();
		const event = node.dispute({ disputeId, status: 'initiated', initiator: i % 2 ? 'buyer' : 'seller' });
		const accepted = await new Promise<number>((resolve) => {
			waiters.set(event.id, () => resolve(performance.now()));
			socket.send(JSON.stringify(['EVENT', event]));
		});
		const short = disputeId.slice(0, 8);
		const dm = await reader.next((text) => text.includes(short), `the DM for ${short}`, 5000);
		latencies.push(dm.at - accepted);
		await new Promise((r) => setTimeout(r, 10));
	}
	latencies.sort((a, b) => a - b);
	const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
	console.log(`notify: ${DISPUTES} new disputes, relay OK → NIP-17 DM on the relay (reader), Node ${process.version}`);
	console.log(`  p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${latencies.at(-1)!.toFixed(1)} ms  (target p95 < 1000 ms)`);
	socket.close();
} finally {
	reader.stop();
	services.notifier.transport.stop();
	await services.engine.stop();
	await database.close();
	await relay.stop();
}
