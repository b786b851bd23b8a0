// The engine against the embedded relay over real websockets: intake, revisions, forged
// and legacy events, resume from the persisted cursor, relay restarts, duplicate relays.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../../../sim/relay/index.ts';
import { LiveHub, type LiveMessage } from '../../../../src/lib/server/live/hub.ts';
import { MostroEngine } from '../../../../src/lib/server/mostro/engine.ts';
import type { ConsoleDatabase } from '../../../../src/lib/server/db/index.ts';
import { openIntegrationDatabase } from '../../../helpers/test-db.ts';
import { makeTestNode, publishToRelay, type TestNode } from '../../../helpers/node-events.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { startRogueRelay } from '../../../helpers/rogue-relay.ts';

let database: ConsoleDatabase;
let relay: RunningRelay;
let live: LiveHub;
let engine: MostroEngine;
let node: TestNode;
let messages: LiveMessage[];

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const now = () => Math.floor(Date.now() / 1000);

async function startEngine(relays = [relay.url]) {
	engine = new MostroEngine(database.db, live);
	await engine.start({ pubkey: node.pubkey, relays, useNodeRelayList: false, source: 'settings' });
}

const disputeRow = (id: string) => database.db.selectFrom('disputes').selectAll().where('id', '=', id).executeTakeFirst();
const revisionCount = async (id: string) => (await database.db.selectFrom('dispute_revisions').select('event_id').where('dispute_id', '=', id).execute()).length;

beforeEach(async () => {
	database = await openIntegrationDatabase();
	relay = await startRelay();
	live = new LiveHub();
	messages = [];
	live.subscribe((message) => messages.push(message));
	node = makeTestNode();
});

afterEach(async () => {
	await engine?.stop();
	await relay.stop();
	await database.close();
});

describe('dispute intake', () => {
	it('stores a new dispute and announces it live; a revision replaces the state and keeps history', async () => {
		await startEngine();
		const opened = now() - 60;
		await publishToRelay(relay.url, [node.dispute({ disputeId: uuid(1), status: 'initiated', initiator: 'buyer', openedAt: opened, now: opened })]);
		const row = await waitFor(() => disputeRow(uuid(1)), 'the dispute row');
		expect(row).toMatchObject({ status: 'initiated', initiator: 'buyer', opened_at: opened, legacy: 0 });
		await waitFor(() => messages.find((m) => m.topic === 'dispute' && m.data.id === uuid(1) && m.data.change === 'revised' && m.data.isNew), 'a live message');

		await publishToRelay(relay.url, [node.dispute({ disputeId: uuid(1), status: 'in-progress', initiator: 'buyer', openedAt: opened, now: opened + 30 })]);
		await waitFor(async () => (await disputeRow(uuid(1)))?.status === 'in-progress', 'the in-progress revision');
		const after = await disputeRow(uuid(1));
		expect(after?.opened_at).toBe(opened);
		expect(after?.first_seen_at).toBe(row.first_seen_at);
		expect(await revisionCount(uuid(1))).toBe(2);
		expect(messages.filter((m) => m.topic === 'dispute')).toHaveLength(2);
	});

	it('ignores an event with the same d from another pubkey (sent by a relay that ignores filters) and counts it', async () => {
		const genuine = node.dispute({ disputeId: uuid(2), status: 'initiated', initiator: 'seller' });
		const forger = makeTestNode();
		const forged = forger.dispute({ disputeId: uuid(2), status: 'settled', now: now() + 5 });
		const tampered = { ...node.dispute({ disputeId: uuid(2), status: 'seller-refunded', now: now() + 6 }), sig: forged.sig };
		const rogue = await startRogueRelay([genuine, forged, tampered, 'not json', ['EVENT'], { no: 'array' }]);
		try {
			await startEngine([rogue.url]);
			await waitFor(() => disputeRow(uuid(2)), 'the genuine dispute');
			await waitFor(() => (engine.health().relays[0]?.intake.rejected.wrong_author ?? 0) > 0, 'the rejection count');
			await engine.settled();
			const health = engine.health().relays[0]!;
			expect(health.intake.rejected.bad_signature).toBe(1);
			expect(health.invalidFrames).toBe(3);
			expect((await disputeRow(uuid(2)))?.status).toBe('initiated');
			expect(await revisionCount(uuid(2))).toBe(1);
		} finally {
			await rogue.stop();
		}
	});

	it('survives a huge frame and a frame that is not UTF-8, counting them, and keeps taking events', async () => {
		const huge = JSON.stringify(['EVENT', 'disputes', { pad: 'x'.repeat(600 * 1024) }]);
		const genuine = node.dispute({ disputeId: uuid(60), status: 'initiated', initiator: 'buyer' });
		const rogue = await startRogueRelay([huge, genuine, Uint8Array.from([0x5b, 0xff, 0xfe, 0x5d])]);
		try {
			await startEngine([rogue.url]);
			await waitFor(() => disputeRow(uuid(60)), 'the genuine dispute after the huge frame');
			await waitFor(() => (engine.health().relays[0]?.invalidFrames ?? 0) >= 1, 'the huge frame counted');
			await waitFor(() => engine.health().relays[0]?.lastError !== null, 'the bad UTF-8 recorded as an error');
			const health = engine.health().relays[0]!;
			expect(health.invalidFrames).toBeGreaterThanOrEqual(1);
			expect(health.lastError).toMatch(/UTF-8/i);
			expect((await disputeRow(uuid(60)))?.status).toBe('initiated');
		} finally {
			await rogue.stop();
		}
	});

	it('handles legacy kind 38383 z=dispute events', async () => {
		await startEngine();
		const t = now() - 100;
		await publishToRelay(relay.url, [node.dispute({ disputeId: uuid(3), status: 'initiated', legacy: true, now: t })]);
		const row = await waitFor(() => disputeRow(uuid(3)), 'the legacy dispute');
		expect(row).toMatchObject({ status: 'initiated', legacy: 1, initiator: null, opened_at: t });
		await publishToRelay(relay.url, [node.dispute({ disputeId: uuid(3), status: 'in-progress', legacy: true, now: t + 50 })]);
		await waitFor(async () => (await disputeRow(uuid(3)))?.status === 'in-progress', 'the legacy revision');
		expect((await disputeRow(uuid(3)))?.opened_at).toBe(t);
	});

	it('resumes from its cursor after a restart with no duplicate and no gap', async () => {
		await startEngine();
		const base = now() - 1000;
		const first = Array.from({ length: 5 }, (_, i) => node.dispute({ disputeId: uuid(10 + i), status: 'initiated', initiator: 'buyer', now: base + i }));
		await publishToRelay(relay.url, first);
		await waitFor(async () => (await database.db.selectFrom('disputes').select('id').execute()).length === 5, 'five disputes');
		await engine.stop();

		const second = Array.from({ length: 5 }, (_, i) => node.dispute({ disputeId: uuid(20 + i), status: 'initiated', initiator: 'seller', now: base + 10 + i }));
		await publishToRelay(relay.url, second);
		const before = messages.length;
		await startEngine();
		await waitFor(async () => (await database.db.selectFrom('disputes').select('id').execute()).length === 10, 'ten disputes');
		await engine.settled();
		expect((await database.db.selectFrom('dispute_revisions').select('event_id').execute()).length).toBe(10);
		const announced = messages.slice(before).flatMap((m) => (m.topic === 'dispute' ? [m.data.id] : []));
		expect(announced.sort()).toEqual(second.map((e) => e.tags.find((t) => t[0] === 'd')?.[1]).sort());
		await engine.stop();
		const cursor = await database.db.selectFrom('relay_cursors').selectAll().executeTakeFirst();
		expect(cursor?.since).toBe(base + 14);
	});

	it('reconnects to a relay that was killed and restarted', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'mm-relay-'));
		await relay.stop();
		relay = await startRelay({ dbPath: join(dir, 'relay.sqlite') });
		const port = relay.port;
		await startEngine();
		await waitFor(() => engine.health().relays[0]?.status === 'connected', 'the first connection');
		await relay.stop();
		await waitFor(() => engine.health().relays[0]?.status !== 'connected', 'the disconnect');
		relay = await startRelay({ port, dbPath: join(dir, 'relay.sqlite') });
		await waitFor(() => engine.health().relays[0]?.status === 'connected', 'the reconnection', 10_000);
		await publishToRelay(relay.url, [node.dispute({ disputeId: uuid(30), status: 'initiated', initiator: 'buyer' })]);
		await waitFor(() => disputeRow(uuid(30)), 'a dispute after the reconnection');
		expect(engine.health().relays[0]?.reconnects).toBeGreaterThan(0);
	});

	it('stores an event delivered by two relays once', async () => {
		const second = await startRelay();
		try {
			await startEngine([relay.url, second.url]);
			const event = node.dispute({ disputeId: uuid(40), status: 'initiated', initiator: 'buyer' });
			await publishToRelay(relay.url, [event]);
			await publishToRelay(second.url, [event]);
			await waitFor(() => engine.health().relays.reduce((n, r) => n + r.intake.accepted + r.intake.duplicates, 0) === 2, 'both deliveries');
			await engine.settled();
			expect(await revisionCount(uuid(40))).toBe(1);
			expect(messages.filter((m) => m.topic === 'dispute')).toHaveLength(1);
		} finally {
			await second.stop();
		}
	});

	it('refuses events dated in the future and malformed ones without crashing', async () => {
		await startEngine();
		await publishToRelay(relay.url, [node.dispute({ disputeId: uuid(50), status: 'initiated', now: now() + 3600 }), node.dispute({ disputeId: '', status: 'initiated' })]);
		await waitFor(() => {
			const rejected = engine.health().relays[0]?.intake.rejected ?? {};
			return (rejected.future ?? 0) + (rejected.missing_tag ?? 0) >= 2;
		}, 'both rejections');
		expect(await disputeRow(uuid(50))).toBeUndefined();
	});
});
