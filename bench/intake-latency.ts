// Bench: time from the relay accepting a dispute event (its OK) to the change arriving on an
// open /api/live stream of the built console, over 200 disputes on loopback; p50/p95. On
// PostgreSQL when MEDIATOR_DATABASE_URL is set (a database of its own on that server; npm run
// bench:intake-latency:pg starts a throwaway cluster), SQLite in a temporary data directory otherwise.
// Needs a build (npm run build). Run: npm run bench:intake-latency
import WebSocket from 'ws';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { startRelay } from '../sim/relay/index.ts';
import { makeTestNode } from '../tests/helpers/node-events.ts';
import { startConsole } from '../tests/e2e/server.ts';

const DISPUTES = 200;
const relay = await startRelay();
const node = makeTestNode();
const postgresUrl = process.env.MEDIATOR_DATABASE_URL || null;

/** A fresh database on the PostgreSQL server, so the bench never touches existing data. */
async function benchDatabase(serverUrl: string): Promise<string> {
	const name = `bench_intake_${process.pid}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	await admin.query(`CREATE DATABASE ${name}`);
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return url.toString();
}

const database: Record<string, string> = postgresUrl ? { MEDIATOR_DATABASE_URL: await benchDatabase(postgresUrl) } : {};
const server = await startConsole({ MOSTRO_PUBKEY: node.pubkey, MOSTRO_RELAYS: relay.url, ...database });

try {
	const token = new URL(server.setupUrl ?? '').searchParams.get('token') ?? '';
	const setup = await fetch(`${server.baseURL}/setup`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.baseURL, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ token, name: 'bench', password: 'a long bench password', confirm: 'a long bench password' })
	});
	const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
	if (!cookie.startsWith('mm_session=')) throw new Error(`setup failed: ${setup.status}`);

	const arrivals = new Map<string, number>();
	const controller = new AbortController();
	const stream = await fetch(`${server.baseURL}/api/live`, { headers: { cookie }, signal: controller.signal });
	if (!stream.ok || !stream.body) throw new Error(`live stream refused: ${stream.status}`);
	const reader = stream.body.pipeThrough(new TextDecoderStream()).getReader();
	void (async () => {
		let buffer = '';
		for (;;) {
			const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
			if (done) return;
			buffer += value;
			let end: number;
			while ((end = buffer.indexOf('\n\n')) >= 0) {
				const block = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				const data = block.split('\n').find((line) => line.startsWith('data: '));
				if (block.includes('event: dispute') && data) {
					const id = (JSON.parse(data.slice(6)) as { id: string }).id;
					if (!arrivals.has(id)) arrivals.set(id, performance.now());
				}
			}
		}
	})();

	const socket = new WebSocket(relay.url);
	await new Promise((resolve) => socket.once('open', resolve));
	const accepted = new Map<string, number>();
	const waiters = new Map<string, () => void>();
	socket.on('message', (raw) => {
		const frame = JSON.parse(raw.toString()) as unknown[];
		if (frame[0] === 'OK' && typeof frame[1] === 'string') waiters.get(frame[1])?.();
	});
	await new Promise((r) => setTimeout(r, 1000));

	const latencies: number[] = [];
	for (let i = 0; i < DISPUTES; i++) {
		const id = randomUUID();
		const event = node.dispute({ disputeId: id, status: 'initiated', initiator: i % 2 ? 'buyer' : 'seller' });
		await new Promise<void>((resolve) => {
			waiters.set(event.id, () => {
				accepted.set(id, performance.now());
				resolve();
			});
			socket.send(JSON.stringify(['EVENT', event]));
		});
		const deadline = Date.now() + 5000;
		while (!arrivals.has(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
		const arrived = arrivals.get(id);
		if (arrived === undefined) throw new Error(`dispute ${id} never arrived on the live stream`);
		latencies.push(arrived - (accepted.get(id) ?? arrived));
		await new Promise((r) => setTimeout(r, 10));
	}
	latencies.sort((a, b) => a - b);
	const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
	console.log(`intake-latency (${postgresUrl ? 'PostgreSQL' : 'SQLite'}): ${DISPUTES} disputes, relay OK → /api/live, Node ${process.version}`);
	console.log(`  p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${latencies.at(-1)!.toFixed(1)} ms  (target p95 ≤ 50 ms)`);
	socket.close();
	controller.abort();
} finally {
	await server.stop();
	await relay.stop();
}
