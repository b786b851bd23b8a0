// Benchmark: evidence import end to end (PRODUCT.md capability 5). Run: `npx node bench/evidence-import.ts`.
// An embedded relay holds a 2,000-message buyer/seller G2 transcript plus 2,000 junk events (half a
// flood of kind 14 to the same `#p` from 1,000 other authors, half signed by pub(K_sign) with a
// wrong `p` tag); the console's engine follows it; a mediator holding the dispute imports the
// disclosed K_conv. Timed: importEvidenceKey — classification, relay queries (both
// interpretations, pagination, the author re-query), discovery, the full validation of every
// event, sealing and archiving in one transaction. Also timed: the same with the raw ECDH secret.
// `PHASES=1` first times the relay fetch and the validation alone (in a cold process).
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { bytesToHex } from '@noble/hashes/utils.js';
import { startRelay } from '../sim/relay/index.ts';
import { openDatabase } from '../src/lib/server/db/index.ts';
import { readMigrationsFromDisk } from '../src/lib/server/db/migrations-on-disk.ts';
import { createSealer } from '../src/lib/server/vault/seal.ts';
import { createMostroServices, startMostroServices } from '../src/lib/server/mostro/services.ts';
import { insertUser } from '../src/lib/server/users/repository.ts';
import { importEvidenceKey } from '../src/lib/server/evidence/key-import.ts';
import { buildChatChannel } from '../src/lib/protocol/chat/keys.ts';
import { wrapChatMessage } from '../src/lib/protocol/chat/wrap.ts';
import { signEvent, type NostrEvent } from '../src/lib/protocol/event.ts';
import { getPubkey } from '../src/lib/protocol/keys.ts';
import { personActor } from '../src/lib/server/auth/actor.ts';

const MESSAGES = 2000;
const JUNK = 2000;
const now = Math.floor(Date.now() / 1000);
const key = () => {
	for (;;) {
		const k = new Uint8Array(randomBytes(32));
		try {
			getPubkey(k);
			return k;
		} catch {
			// out of range: draw again
		}
	}
};

async function publish(url: string, events: NostrEvent[]): Promise<void> {
	const socket = new WebSocket(url);
	await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
	const pending = new Set(events.map((e) => e.id));
	const done = new Promise<void>((resolve) =>
		socket.on('message', (data) => {
			const frame = JSON.parse(data.toString()) as unknown[];
			if (frame[0] === 'OK') pending.delete(String(frame[1]));
			if (pending.size === 0) resolve();
		})
	);
	for (const e of events) socket.send(JSON.stringify(['EVENT', e]));
	await done;
	socket.close();
}

const buyer = key();
const seller = key();
const trade = buildChatChannel(buyer, getPubkey(seller));
console.log(`building ${MESSAGES} messages and ${JUNK} junk events…`);
const events: NostrEvent[] = [];
for (let i = 0; i < MESSAGES; i++) {
	const text = `message ${i}: ${'lorem ipsum dolor sit amet '.repeat(1 + (i % 8))}`;
	events.push(wrapChatMessage(i % 2 ? seller : buyer, trade, text, { now: now - 3 * MESSAGES + i * 2 }).outer);
}
for (let i = 0; i < JUNK / 2; i++) {
	const other = key();
	events.push(wrapChatMessage(other, { ...trade, signSecret: other }, `spam ${i}`, { now: now - 100 }).outer);
	const src = events[i] as NostrEvent;
	events.push(signEvent({ kind: 14, created_at: src.created_at, tags: [['p', getPubkey(other)]], content: src.content }, trade.signSecret));
}

const relay = await startRelay();
await publish(relay.url, events);
console.log(`relay holds ${relay.eventCount()} events`);

const database = openDatabase(':memory:', readMigrationsFromDisk());
const db = database.db;
const services = createMostroServices(db, createSealer(new Uint8Array(randomBytes(32))));
await startMostroServices(services, { pubkey: getPubkey(key()), relays: [relay.url], useNodeRelayList: false, source: 'settings' });
const userId = await insertUser(db, { name: 'bench', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());

async function dispute(id: string): Promise<void> {
	await db
		.insertInto('disputes')
		.values({
			id,
			status: 'in-progress',
			opened_at: now,
			first_seen_at: Date.now(),
			revision_at: now,
			revision_event_id: 'e'.repeat(64),
			updated_at: Date.now(),
			holder_user_id: userId,
			buyer_pubkey: getPubkey(buyer),
			seller_pubkey: getPubkey(seller)
		})
		.execute();
	const info = { buyer_pubkey: getPubkey(buyer), seller_pubkey: getPubkey(seller), created_at: now - 4 * MESSAGES };
	await db
		.insertInto('dispute_info')
		.values({ dispute_id: id, order_id: `order-${id}`, solver_pubkey: 'f'.repeat(64), info: JSON.stringify(info), received_at: Date.now() })
		.execute();
}

const results: string[] = [];
if (process.env.PHASES) {
	const { fetchEvidenceEvents } = await import('../src/lib/server/evidence/relay-fetch.ts');
	const { filtersFor, materialFromKConv } = await import('../src/lib/server/evidence/key-material.ts');
	const { validateEvidenceEvents } = await import('../src/lib/server/evidence/transcript-validate.ts');
	const { buildEvidenceSignatureVerifier } = await import('../src/lib/server/evidence/libsecp256k1-verifier.ts');
	const m = materialFromKConv(Uint8Array.from(trade.convSecret), trade.signPubkey);
	let t = performance.now();
	const report = await fetchEvidenceEvents(services.engine, filtersFor(m, null));
	console.log('fetch', (performance.now() - t).toFixed(0), 'ms', report.events.size);
	t = performance.now();
	const v = validateEvidenceEvents(report.events.values(), { material: m, parties: { buyer: getPubkey(buyer), seller: getPubkey(seller) }, now, seenInner: new Set(), isSignatureValid: buildEvidenceSignatureVerifier() });
	console.log('validate', (performance.now() - t).toFixed(0), 'ms', v.length);
}
for (const [label, secret] of [
	['K_conv', trade.convSecret],
	['raw ECDH secret', trade.shared]
] as const) {
	const id = `bench-${label.replace(/\W/g, '')}`;
	await dispute(id);
	const started = performance.now();
	const outcome = await importEvidenceKey(services, personActor({ id: userId, name: 'bench', role: 'operator' }), id, { secret: bytesToHex(secret), sourceMessageId: null, disclosedBy: 'buyer', via: 'out_of_band', disclosedAt: null });
	const seconds = (performance.now() - started) / 1000;
	const archived = await db
		.selectFrom('evidence_events')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('dispute_id', '=', id)
		.executeTakeFirstOrThrow();
	results.push(`${label}: ${seconds.toFixed(2)} s — ${outcome.accepted} messages accepted, ${outcome.rejected} rejected, ${archived.n} archived — ${(outcome.accepted / seconds).toFixed(0)} messages/s (kind ${outcome.kind})`);
	console.log(results.at(-1));
}
await services.engine.stop();
await database.close();
await relay.stop();
process.exit(0);
