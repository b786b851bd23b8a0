import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { finalizeEvent, generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import type { Event, EventTemplate } from 'nostr-tools/pure';
import { Relay, useWebSocketImplementation } from 'nostr-tools/relay';
import { startRelay } from '../../../sim/relay/index.ts';
import type { RunningRelay } from '../../../sim/relay/index.ts';
import { RelayTestClient } from './relay-test-client.ts';

const now = (): number => Math.floor(Date.now() / 1000);
const alice = generateSecretKey();
const bob = generateSecretKey();

/** A signed event as plain JSON (without nostr-tools' cached-verdict symbol). */
function sign(secret: Uint8Array, template: Partial<EventTemplate> & { kind: number }): Event {
	const event = finalizeEvent({ created_at: now(), tags: [], content: '', ...template }, secret);
	return JSON.parse(JSON.stringify(event)) as Event;
}

/** Two events signed by `secret` for the same slot and second, ordered by id. */
function sameSecondPair(secret: Uint8Array, kind: number, tags: string[][]): [Event, Event] {
	const createdAt = now() - 10;
	const a = sign(secret, { kind, tags, created_at: createdAt, content: 'a' });
	const b = sign(secret, { kind, tags, created_at: createdAt, content: 'b' });
	return a.id < b.id ? [a, b] : [b, a];
}

describe('embedded relay', () => {
	let relay: RunningRelay;
	let client: RelayTestClient;

	beforeAll(async () => {
		relay = await startRelay({ port: 0 });
		client = await RelayTestClient.open(relay.url);
	});
	afterAll(async () => {
		client.close();
		await relay.stop();
	});

	it('binds to 127.0.0.1 on an ephemeral port', () => {
		expect(relay.url).toBe(`ws://127.0.0.1:${relay.port}`);
		expect(relay.port).toBeGreaterThan(0);
	});

	it('a taken port rejects the start instead of crashing the process (regression: the sandbox could not fall back)', async () => {
		const unhandled: unknown[] = [];
		const onError = (error: unknown) => unhandled.push(error);
		process.on('uncaughtException', onError);
		try {
			await expect(startRelay({ port: relay.port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
			await new Promise((resolve) => setTimeout(resolve, 50));
		} finally {
			process.off('uncaughtException', onError);
		}
		expect(unhandled).toEqual([]);
	});

	it('stores a valid event, answers OK, and reports duplicates', async () => {
		const event = sign(alice, { kind: 1, content: 'hello' });
		expect(await client.publish(event)).toEqual([true, '']);
		expect(await client.publish(event)).toEqual([true, 'duplicate: the event already exists']);
		const [found] = await client.query({ ids: [event.id] });
		expect(found).toEqual(event);
	});

	it('refuses bad signatures and bad ids', async () => {
		const event = sign(alice, { kind: 1, content: 'tampered' });
		const badSig = { ...event, sig: event.sig.replace(/^./, event.sig[0] === '0' ? '1' : '0') };
		expect(await client.publish(badSig)).toEqual([false, 'invalid: signature is wrong']);
		const badId = sign(alice, { kind: 1, content: 'x' });
		const [accepted, message] = await client.publish({ ...badId, content: 'y' });
		expect(accepted).toBe(false);
		expect(message).toBe('invalid: id is wrong');
	});

	it('keeps only the newest replaceable event (kinds 0, 3, 10000-19999), ties to the lowest id', async () => {
		const older = sign(bob, { kind: 0, content: 'old', created_at: now() - 100 });
		const newer = sign(bob, { kind: 0, content: 'new', created_at: now() - 50 });
		await client.publish(newer);
		expect((await client.publish(older))[0]).toBe(true);
		expect((await client.query({ kinds: [0], authors: [getPublicKey(bob)] })).map((e) => e.content)).toEqual(['new']);

		const [low, high] = sameSecondPair(bob, 10_002, []);
		await client.publish(high);
		await client.publish(low);
		await client.publish(high);
		expect((await client.query({ kinds: [10_002], authors: [getPublicKey(bob)] })).map((e) => e.id)).toEqual([low.id]);
	});

	it('keeps addressable events per d tag', async () => {
		const author = generateSecretKey();
		const first = sign(author, {
			kind: 38383,
			tags: [
				['d', 'order-1'],
				['s', 'pending']
			],
			created_at: now() - 20
		});
		const other = sign(author, {
			kind: 38383,
			tags: [
				['d', 'order-2'],
				['s', 'pending']
			],
			created_at: now() - 20
		});
		const update = sign(author, {
			kind: 38383,
			tags: [
				['d', 'order-1'],
				['s', 'active']
			],
			created_at: now() - 10
		});
		for (const e of [first, other, update]) await client.publish(e);
		const stored = await client.query({ kinds: [38383], authors: [getPublicKey(author)] });
		expect(stored.map((e) => e.id).sort()).toEqual([other.id, update.id].sort());
		expect(await client.query({ kinds: [38383], '#d': ['order-1'], authors: [getPublicKey(author)] })).toHaveLength(1);
		expect(await client.query({ '#s': ['pending'], authors: [getPublicKey(author)] })).toEqual([other]);
	});

	it('does not store ephemeral events but delivers them live', async () => {
		const author = generateSecretKey();
		const listener = await RelayTestClient.open(relay.url);
		const sub = await listener.subscribe({ authors: [getPublicKey(author)] });
		const before = relay.eventCount();
		const event = sign(author, { kind: 20_001, content: 'ephemeral' });
		expect((await client.publish(event))[0]).toBe(true);
		const live = await listener.waitFor((f) => f[0] === 'EVENT' && f[1] === sub.id);
		expect((live[2] as Event).id).toBe(event.id);
		expect(relay.eventCount()).toBe(before);
		expect(await client.query({ ids: [event.id] })).toEqual([]);
		listener.close();
	});

	it('filters by single-letter tags (#p #d #z #s #y), values OR-ed, tags AND-ed', async () => {
		const author = generateSecretKey();
		const pk = getPublicKey(author);
		const target = getPublicKey(generateSecretKey());
		const a = sign(author, {
			kind: 38386,
			tags: [
				['d', 'dsp-1'],
				['s', 'initiated'],
				['z', 'dispute'],
				['y', 'mostro']
			]
		});
		const b = sign(author, {
			kind: 38386,
			tags: [
				['d', 'dsp-2'],
				['s', 'in-progress'],
				['z', 'dispute'],
				['y', 'other']
			]
		});
		const c = sign(author, { kind: 14, tags: [['p', target]] });
		for (const e of [a, b, c]) await client.publish(e);
		expect(await client.query({ '#p': [target] })).toEqual([c]);
		expect((await client.query({ authors: [pk], '#z': ['dispute'] })).map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
		expect(await client.query({ authors: [pk], '#z': ['dispute'], '#y': ['mostro'] })).toEqual([a]);
		expect(await client.query({ authors: [pk], '#s': ['initiated', 'in-progress'] })).toHaveLength(2);
		expect(await client.query({ authors: [pk], '#d': ['dsp-2'] })).toEqual([b]);
		expect(await client.query({ authors: [pk], '#d': ['nope'] })).toEqual([]);
	});

	it('applies since, until and limit, newest first with ties by lowest id', async () => {
		const author = generateSecretKey();
		const pk = getPublicKey(author);
		const base = now() - 1000;
		const events = [0, 10, 20, 30].map((offset) => sign(author, { kind: 1, created_at: base + offset, content: `${offset}` }));
		const [low, high] = sameSecondPair(author, 1, []);
		for (const e of [...events, high, low]) await client.publish(e);
		const all = await client.query({ authors: [pk] });
		expect(all.map((e) => e.id)).toEqual([low.id, high.id, ...[...events].reverse().map((e) => e.id)]);
		expect((await client.query({ authors: [pk], since: base + 10, until: base + 20 })).map((e) => e.content)).toEqual(['20', '10']);
		expect((await client.query({ authors: [pk], limit: 2 })).map((e) => e.id)).toEqual([low.id, high.id]);
		expect(await client.query({ authors: [pk], limit: 0 })).toEqual([]);
	});

	it('honours NIP-09 deletions by the same author only, and keeps the request', async () => {
		const author = generateSecretKey();
		const pk = getPublicKey(author);
		const note = sign(author, { kind: 1, content: 'to delete' });
		const foreign = sign(bob, { kind: 1, content: 'not yours' });
		const order = sign(author, { kind: 38383, tags: [['d', 'o-9']], created_at: now() - 30 });
		await client.publish(note);
		await client.publish(foreign);
		await client.publish(order);
		const deletion = sign(author, {
			kind: 5,
			created_at: now() - 5,
			tags: [
				['e', note.id],
				['e', foreign.id],
				['a', `38383:${pk}:o-9`]
			]
		});
		expect((await client.publish(deletion))[0]).toBe(true);
		expect(await client.query({ ids: [note.id, order.id] })).toEqual([]);
		expect(await client.query({ ids: [foreign.id] })).toEqual([foreign]);
		expect(await client.query({ kinds: [5], authors: [pk] })).toEqual([deletion]);
		// a deleted event cannot come back; an address re-used after the deletion can
		expect((await client.publish(note))[0]).toBe(false);
		expect((await client.publish(sign(author, { kind: 38383, tags: [['d', 'o-9']], created_at: now() - 20 })))[0]).toBe(false);
		const later = sign(author, { kind: 38383, tags: [['d', 'o-9']], created_at: now() });
		expect((await client.publish(later))[0]).toBe(true);
		expect(await client.query({ kinds: [38383], authors: [pk] })).toEqual([later]);
	});

	it('rejects expired events and stops returning events once they expire (NIP-40)', async () => {
		const expired = sign(alice, { kind: 1, tags: [['expiration', String(now() - 1)]] });
		expect((await client.publish(expired))[0]).toBe(false);
		const soon = sign(alice, { kind: 1, tags: [['expiration', String(now() + 1)]] });
		expect((await client.publish(soon))[0]).toBe(true);
		expect(await client.query({ ids: [soon.id] })).toHaveLength(1);
		await new Promise((resolve) => setTimeout(resolve, 2100));
		expect(await client.query({ ids: [soon.id] })).toEqual([]);
	});

	it('delivers live events only to subscriptions whose tag filters match, until CLOSE', async () => {
		const listener = await RelayTestClient.open(relay.url);
		const me = getPublicKey(generateSecretKey());
		const sub = await listener.subscribe({ kinds: [1059], '#p': [me] });
		const forOther = sign(alice, { kind: 1059, tags: [['p', getPublicKey(generateSecretKey())]] });
		const forMe = sign(alice, { kind: 1059, tags: [['p', me]] });
		await client.publish(forOther);
		await client.publish(forMe);
		const live = await listener.waitFor((f) => f[0] === 'EVENT' && f[1] === sub.id);
		expect((live[2] as Event).id).toBe(forMe.id);
		listener.send(['CLOSE', sub.id]);
		const probe = await listener.subscribe({ ids: [forMe.id] });
		await client.publish(sign(alice, { kind: 1059, tags: [['p', me]] }));
		await client.query({ ids: [forMe.id] });
		expect(listener.takeEvents(sub.id)).toEqual([]);
		expect(probe.events).toHaveLength(1);
		listener.close();
	});

	it('serves NIP-11 JSON over HTTP on the websocket port', async () => {
		const httpUrl = relay.url.replace('ws://', 'http://');
		const response = await fetch(httpUrl, { headers: { Accept: 'application/nostr+json' } });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/nostr+json');
		expect(response.headers.get('access-control-allow-origin')).toBe('*');
		const info = (await response.json()) as { supported_nips: number[]; limitation: { max_message_length: number } };
		expect(info.supported_nips).toEqual(expect.arrayContaining([1, 9, 11, 40]));
		expect(info.limitation.max_message_length).toBe(256 * 1024);
		expect((await fetch(httpUrl)).status).toBe(426);
	});

	it('answers malformed frames with NOTICE, OK false or CLOSED and keeps serving', async () => {
		const rough = await RelayTestClient.open(relay.url);
		rough.sendRaw('not json');
		expect(await rough.waitFor((f) => f[0] === 'NOTICE')).toEqual(['NOTICE', 'invalid: message is not JSON']);
		rough.send(['HELLO']);
		expect((await rough.waitFor((f) => f[0] === 'NOTICE'))[1]).toMatch(/^invalid/);
		rough.send(['EVENT', { id: 'a'.repeat(64), kind: 'one' }]);
		const ok = await rough.waitFor((f) => f[0] === 'OK');
		expect(ok.slice(0, 3)).toEqual(['OK', 'a'.repeat(64), false]);
		rough.send(['REQ', 'bad', { kinds: 'x' }]);
		expect((await rough.waitFor((f) => f[0] === 'CLOSED'))[1]).toBe('bad');
		rough.sendRaw(Buffer.from([0xff, 0x00, 0x13]));
		expect((await rough.waitFor((f) => f[0] === 'NOTICE'))[1]).toMatch(/^invalid/);
		rough.sendRaw(JSON.stringify(['EVENT', { content: 'x'.repeat(300 * 1024) }]));
		expect((await rough.waitFor((f) => f[0] === 'NOTICE'))[1]).toMatch(/too large/);
		const event = sign(alice, { kind: 1, content: 'still alive' });
		expect((await rough.publish(event))[0]).toBe(true);
		rough.close();
	});

	it('counts and wipes stored events', async () => {
		expect(relay.eventCount()).toBeGreaterThan(0);
		const event = sign(alice, { kind: 1, content: 'before wipe' });
		await client.publish(event);
		relay.wipe();
		expect(relay.eventCount()).toBe(0);
		expect(await client.query({ ids: [event.id] })).toEqual([]);
		expect(await client.publish(event)).toEqual([true, '']);
		expect(relay.eventCount()).toBe(1);
	});

	it('works with nostr-tools Relay', async () => {
		useWebSocketImplementation(WebSocket);
		const tools = await Relay.connect(relay.url);
		const me = getPublicKey(generateSecretKey());
		const received: Event[] = [];
		let eose = false;
		const sub = tools.subscribe([{ kinds: [14], '#p': [me] }], {
			onevent: (e) => received.push(e),
			oneose: () => (eose = true)
		});
		const event = sign(bob, { kind: 14, tags: [['p', me]], content: 'hi' });
		await tools.publish(event);
		await expect.poll(() => received.length, { timeout: 2000 }).toBe(1);
		expect(eose).toBe(true);
		expect(received[0]?.id).toBe(event.id);
		sub.close();
		tools.close();
	});

	it('refuses to bind to a non-loopback address', async () => {
		await expect(startRelay({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
	});
});

describe('embedded relay storage', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'relay-test-'));
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('keeps stored events across a restart with a file database', async () => {
		const dbPath = join(dir, 'relay.sqlite');
		const first = await startRelay({ dbPath });
		const writer = await RelayTestClient.open(first.url);
		const event = sign(alice, { kind: 38383, tags: [['d', 'persist']] });
		await writer.publish(event);
		writer.close();
		await first.stop();

		const second = await startRelay({ dbPath });
		const reader = await RelayTestClient.open(second.url);
		expect(await reader.query({ '#d': ['persist'] })).toEqual([event]);
		expect(second.eventCount()).toBe(1);
		reader.close();
		await second.stop();
	});
});
