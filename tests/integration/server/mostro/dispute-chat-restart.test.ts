// The dispute chat across real restarts of the console process (issue 15): the runtime runs
// as a child process on a data directory and is killed with SIGKILL while the relay keeps every
// event. Regressions: after a restart the relays' re-delivery of already accepted messages was
// stored as "rejected (replay)"; 300 junk gift wraps from throwaway keys on a conversation's
// legacy tag added 300 rejection rows. A genuine replay is still caught after a restart.
import { personActor, systemActor } from '../../../../src/lib/server/auth/actor.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecretKey } from 'nostr-tools/pure';
import { startRelay, type RunningRelay } from '../../../../sim/relay/index.ts';
import { startLndDouble, type LndDouble } from '../../../../sim/lnd/index.ts';
import { startMostrod, type MostrodDouble } from '../../../../sim/mostrod/index.ts';
import { startConsoleProcess, type ConsoleProcess } from '../../../helpers/console-process.ts';
import { publishToRelay } from '../../../helpers/node-events.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import { loadConfig } from '../../../../src/lib/server/config.ts';
import { openDatabase } from '../../../../src/lib/server/db/index.ts';
import { readMigrationsFromDisk, readMigrationSetFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import { DATABASE_FILE, startRuntime } from '../../../../src/lib/server/runtime.ts';
import { loadMasterKey } from '../../../../src/lib/server/vault/master-key.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { createSolverKey } from '../../../../src/lib/server/vault/solver-keys.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { getInstanceInfo } from '../../../../src/lib/server/mostro/instance-info-repository.ts';
import { createMostroServices } from '../../../../src/lib/server/mostro/services.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { loadChat } from '../../../../src/lib/server/mostro/dispute-chat/chat-view.ts';
import { translate } from '../../../../src/lib/i18n/index.ts';
import { buildChatChannel, type ChatChannel } from '../../../../src/lib/protocol/chat/keys.ts';
import { rewrapChatInner, wrapChatMessage } from '../../../../src/lib/protocol/chat/wrap.ts';
import { wrapLegacyChat } from '../../../../src/lib/protocol/chat/legacy.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { signEvent, type NostrEvent } from '../../../../src/lib/protocol/event.ts';

const now = () => Math.floor(Date.now() / 1000);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let relay: RunningRelay;
let lnd: LndDouble;
let node: MostrodDouble;
let dataDir: string;
let disputeId = '';
let aliceId = 0;
let buyerChannel: ChatChannel;
let sellerChannel: ChatChannel;
let console_: ConsoleProcess | null = null;
const buyer = testKey('restart-buyer');
const seller = testKey('restart-seller');

/** Reads the console's SQLite file from outside the process, the way an operator would. */
function query<T>(sql: string, ...params: Array<string | number>): T[] {
	const db = new DatabaseSync(join(dataDir, DATABASE_FILE), { readOnly: true });
	try {
		return db.prepare(sql).all(...params) as T[];
	} finally {
		db.close();
	}
}

const messages = () => query<{ party: string; direction: string; inner_id: string; outer_id: string; content: string }>('SELECT party, direction, inner_id, outer_id, content FROM chat_messages WHERE dispute_id = ? ORDER BY id', disputeId);
const rejections = () => query<{ party: string; reason: string; outer_id: string }>('SELECT party, reason, outer_id FROM chat_rejections WHERE dispute_id = ? ORDER BY id', disputeId);
const tallies = () => query<{ party: string; reason: string; n: number }>('SELECT party, reason, n FROM chat_junk_tallies WHERE dispute_id = ? ORDER BY party, reason', disputeId);

async function startConsole(): Promise<ConsoleProcess> {
	await console_?.stop('SIGKILL');
	console_ = await startConsoleProcess({ dataDir, nodePubkey: node.pubkey, relays: [relay.url] });
	return console_;
}

/** Kills the console without any chance to clean up, and starts it again on the same files. */
async function restartHard(): Promise<ConsoleProcess> {
	return startConsole();
}

/**
 * After a restart the relay re-delivers everything; a fresh marker message is stored only once
 * the console reads again, then the intake must go idle twice in a row with nothing new stored.
 */
async function settleAfter(marker: NostrEvent, expectedMessages: number): Promise<void> {
	await publishToRelay(relay.url, [marker]);
	await waitFor(() => messages().length >= expectedMessages, 'the marker message', 15_000);
	await console_!.settled();
	await pause(750);
	await console_!.settled();
}

/** The same runtime the server starts, in this process, to take a dispute on the data directory. */
async function prepareHeldDispute(): Promise<void> {
	const runtime = await startRuntime(loadConfig({ MEDIATOR_DATA_DIR: dataDir, MOSTRO_PUBKEY: node.pubkey, MOSTRO_RELAYS: relay.url, MEDIATOR_SANDBOX: 'off', LOG_LEVEL: 'warn' }), readMigrationSetFromDisk());
	try {
		await waitFor(() => getInstanceInfo(runtime.db, node.pubkey), 'the node instance info');
		const operatorId = await insertUser(runtime.db, { name: 'olga', role: 'operator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const operator = personActor({ id: operatorId, name: 'olga', role: 'operator' });
		aliceId = await insertUser(runtime.db, { name: 'alice', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const alicePubkey = await createSolverKey(runtime, systemActor('cli'), aliceId, { generate: true });
		await runtime.events.settled();
		const alice = personActor({ id: aliceId, name: 'alice', role: 'mediator' });
		await executeAddSolver(runtime, operator, aliceId, { permission: 'read-write', nodeKey: encodeNsec(node.secretKey), keepNodeKey: false });
		const order = await node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 40_000 });
		const dispute = await node.openDispute(order.id, 'buyer');
		disputeId = dispute.id;
		await waitFor(() => runtime.db.selectFrom('disputes').select('id').where('id', '=', disputeId).executeTakeFirst(), 'the dispute');
		expect((await executeTake(runtime, alice, disputeId, { confirmedTakeover: false })).state).toBe('acknowledged');
		await waitFor(() => runtime.chat.channels.get(disputeId, 'buyer'), 'the chat channels');
		buyerChannel = buildChatChannel(buyer.sk, alicePubkey);
		sellerChannel = buildChatChannel(seller.sk, alicePubkey);
		// Ours: the relays hand it back on every start too.
		await runtime.chat.send(alice, disputeId, 'buyer', 'Hello buyer, please send proof.');
	} finally {
		await runtime.close();
	}
}

beforeAll(async () => {
	dataDir = mkdtempSync(join(tmpdir(), 'mm-chat-restart-'));
	relay = await startRelay();
	lnd = await startLndDouble({ seed: 'chat-restart' });
	node = await startMostrod({ relays: [relay.url], lnd, dmFlushMs: 15, guardianIntervalMs: 0 });
	await prepareHeldDispute();
}, 60_000);

afterAll(async () => {
	await console_?.stop('SIGKILL');
	await node?.stop();
	await lnd?.stop();
	await relay?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

describe('dispute chat across restarts of the console process', () => {
	it('keeps every message once and stores no false replay after a restart; a genuine replay is still caught', async () => {
		await startConsole();
		const sentAt = now();
		const reply = wrapChatMessage(buyer.sk, buyerChannel, 'Here is my answer', { now: sentAt });
		const legacy = wrapLegacyChat(seller.sk, sellerChannel.shared, 'Seller writing the old way', { now: sentAt });
		await publishToRelay(relay.url, [reply.outer, legacy.outer]);
		await waitFor(() => messages().length === 3, 'both party messages', 15_000);
		// A new outer event re-wrapping the buyer's stored message: a replay.
		await publishToRelay(relay.url, [rewrapChatInner(reply.inner, buyerChannel, { now: sentAt + 1 })]);
		await waitFor(() => rejections().length === 1, 'the replay rejection', 15_000);
		expect(rejections().map((r) => [r.party, r.reason])).toEqual([['buyer', 'replay']]);

		for (const round of [1, 2]) {
			await restartHard();
			await settleAfter(wrapChatMessage(buyer.sk, buyerChannel, `Still here (${round})`, { now: now() }).outer, 3 + round);
			expect(rejections().map((r) => [r.party, r.reason])).toEqual([['buyer', 'replay']]);
		}
		const stored = messages();
		expect(stored).toHaveLength(5);
		expect(new Set(stored.map((m) => m.inner_id)).size).toBe(5);
		expect(new Set(stored.map((m) => m.outer_id)).size).toBe(5);
		expect(stored.filter((m) => m.direction === 'in')).toHaveLength(4);
		expect(query<{ unread_count: number }>('SELECT unread_count FROM disputes WHERE id = ?', disputeId)[0]?.unread_count).toBe(4);

		// After the restarts, new outer events re-wrapping stored messages (both generations) are caught.
		const legacyReplay = wrapLegacyChat(seller.sk, sellerChannel.shared, 'Seller writing the old way', { now: sentAt });
		expect(legacyReplay.inner.id).toBe(legacy.inner.id);
		await publishToRelay(relay.url, [rewrapChatInner(reply.inner, buyerChannel, { now: now() }), legacyReplay.outer]);
		await waitFor(() => rejections().length === 3, 'two more replay rejections', 15_000);
		expect(
			rejections()
				.map((r) => [r.party, r.reason])
				.sort()
		).toEqual([
			['buyer', 'replay'],
			['buyer', 'replay'],
			['seller', 'replay']
		]);
		expect(messages()).toHaveLength(5);
		await console_!.stop('SIGTERM');
	}, 90_000);

	it('counts junk gift wraps from throwaway keys in one row per reason, once each across a restart', async () => {
		const rowsBefore = rejections().length;
		const messagesBefore = messages().length;
		await startConsole();
		const junk: NostrEvent[] = [];
		for (let i = 0; i < 150; i += 1) {
			// Readable, but signed by a stranger: anyone can encrypt to the conversation's legacy tag.
			junk.push(wrapLegacyChat(generateSecretKey(), buyerChannel.shared, `spam ${i}`, { now: now() }).outer);
			// Not even encrypted for the conversation.
			junk.push(signEvent({ kind: 1059, created_at: now() - i, tags: [['p', buyerChannel.legacyPubkey]], content: `not a gift wrap ${i}` }, generateSecretKey()));
		}
		await publishToRelay(relay.url, junk, 20_000);
		await waitFor(() => tallies().reduce((sum, row) => sum + row.n, 0) === 300, 'the junk counted', 30_000);
		expect(tallies()).toEqual([
			{ party: 'buyer', reason: 'decrypt_failed', n: 150 },
			{ party: 'buyer', reason: 'unknown_signer', n: 150 }
		]);
		expect(rejections()).toHaveLength(rowsBefore);

		await restartHard();
		await settleAfter(wrapLegacyChat(buyer.sk, buyerChannel.shared, 'Buyer, after the flood', { now: now() }).outer, messagesBefore + 1);
		expect(tallies().map((row) => row.n)).toEqual([150, 150]);
		expect(rejections()).toHaveLength(rowsBefore);
		await console_!.stop('SIGTERM');

		// What the case page shows, from the same data directory.
		const open = openDatabase(join(dataDir, DATABASE_FILE), readMigrationsFromDisk());
		try {
			const services = createMostroServices(open.db, createSealer(loadMasterKey(dataDir, null).key));
			const panes = await loadChat(services, disputeId, aliceId, null);
			expect(panes.buyer.unsigned).toEqual([
				{ reason: 'decrypt_failed', n: 150 },
				{ reason: 'unknown_signer', n: 150 }
			]);
			expect(panes.buyer.rejected).toEqual([{ reason: 'replay', n: 2 }]);
			expect(panes.seller.unsigned).toEqual([]);
			const n = panes.buyer.unsigned.reduce((sum, r) => sum + r.n, 0);
			const reasons = panes.buyer.unsigned.map((r) => `${r.reason} ×${r.n}`).join(', ');
			expect(translate('en', 'chat.unsigned', { n, reasons })).toBe('300 events addressed to this conversation carried no signature of a party and were discarded (decrypt_failed ×150, unknown_signer ×150).');
			expect(translate('es', 'chat.unsigned', { n, reasons })).toContain('300');
		} finally {
			await open.close();
		}
	}, 90_000);
});
