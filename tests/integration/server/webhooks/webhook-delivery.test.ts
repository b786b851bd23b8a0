// Webhooks end to end (issue 19 "Webhooks" proof): committed domain events reach a local https
// receiver (self-signed certificate made here, like the LND double's) that checks the signature;
// a receiver that is down gets bounded retries with back-off, every attempt in the log; pending
// deliveries survive a restart; "send test" is audited; no body carries a secret or chat text.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { seedTakenCase } from '../../../helpers/case-seed.ts';
import { createSelfSignedCert } from '../../../../sim/lnd/self-signed-cert.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { createMostroServices, type MostroServices } from '../../../../src/lib/server/mostro/services.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';
import { createWebhookEndpoint, sendWebhookTest } from '../../../../src/lib/server/webhooks/webhook-commands.ts';
import { listDeliveryLog, LOG_KEEP_MS, MAX_ATTEMPTS, retryDelayMs } from '../../../../src/lib/server/webhooks/webhook-queue.ts';
import { isValidWebhookSignature } from '../../../../src/lib/server/webhooks/webhook-signature.ts';
import type { Db } from '../../../../src/lib/server/db/index.ts';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';

const tls = createSelfSignedCert('webhook-receiver');
const actor = systemActor('system');
const CHAT_TEXT = 'my bank password is hunter2';

interface Received {
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

async function startReceiver(port = 0): Promise<{ server: Server; port: number; received: Received[] }> {
	const received: Received[] = [];
	const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(204).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return { server, port: (server.address() as AddressInfo).port, received };
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

const open: OpenDatabase[] = [];
const servers: Server[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) if (server.listening) await closeServer(server);
	for (const db of open.splice(0)) await db.close();
});

function servicesFor(db: Db, sealer: ReturnType<typeof createSealer>, port: number, clock: () => number): MostroServices {
	return createMostroServices(db, sealer, { webhooks: { policy: { allowedHosts: [`127.0.0.1:${port}`], allowLoopback: true }, origin: 'https://mediator.example', transport: { ca: tls.certPem, timeoutMs: 2000 }, clock } });
}

async function seedHolder(db: Db): Promise<number> {
	const row = await db.insertInto('users').values({ name: 'ana', role: 'mediator', password_hash: 'x', created_at: 0, updated_at: 0 }).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

async function storeChatText(db: Db, disputeId: string): Promise<void> {
	await db
		.insertInto('chat_messages')
		.values({
			dispute_id: disputeId,
			party: 'buyer',
			direction: 'in',
			inner_id: randomBytes(32).toString('hex'),
			outer_id: randomBytes(32).toString('hex'),
			generation: 'current',
			author_pubkey: randomBytes(32).toString('hex'),
			content: CHAT_TEXT,
			attachment: null,
			sent_at: 1,
			received_at: 1
		})
		.execute();
}

describe('webhook deliveries', () => {
	it('signs each POST so the receiver can verify it, and sends only ids, amounts, status and a link', async () => {
		const database = openTestDatabase();
		open.push(database);
		const sealer = createSealer(randomBytes(32));
		const receiver = await startReceiver();
		servers.push(receiver.server);
		let now = 1_800_000_000_000;
		const services = servicesFor(database.db, sealer, receiver.port, () => now);
		const { id, secret } = await createWebhookEndpoint(services, actor, null, { url: `https://127.0.0.1:${receiver.port}/hook`, events: ['dispute.party_replied', 'dispute.settled', 'dispute.takeover'], enabled: true }, now);
		const holder = await seedHolder(database.db);
		const seeded = await seedTakenCase(database.db, holder, { amount: 100_000, fee: 500 });
		await storeChatText(database.db, seeded.disputeId);

		services.events.deliver([
			{ type: 'ChatMessageStored', disputeId: seeded.disputeId, party: 'buyer', direction: 'in' },
			{ type: 'ChatMessageStored', disputeId: seeded.disputeId, party: 'buyer', direction: 'out' },
			{ type: 'DecisionProposed', disputeId: seeded.disputeId, decisionId: 1 },
			{ type: 'DecisionAcknowledged', disputeId: seeded.disputeId, action: 'admin-settle' },
			{ type: 'DecisionAcknowledged', disputeId: seeded.disputeId, action: 'admin-settle' },
			{ type: 'DisputeTaken', disputeId: seeded.disputeId, holderUserId: holder, displacedUserId: holder + 1 }
		]);
		await services.events.settled();
		await services.webhooks.idle();

		// The outgoing message and the unchosen review event send nothing; the repeated settle once.
		expect(receiver.received.map((r) => String(r.headers['x-mediator-event'])).sort()).toEqual(['dispute.party_replied', 'dispute.settled', 'dispute.takeover']);
		for (const request of receiver.received) {
			const header = String(request.headers['x-mediator-signature']);
			expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
			expect(isValidWebhookSignature(secret, header, request.body, Math.floor(now / 1000))).toBe(true);
			expect(isValidWebhookSignature('whsec_wrong', header, request.body, Math.floor(now / 1000))).toBe(false);
			expect(request.body).not.toContain(secret);
			expect(request.body).not.toContain(CHAT_TEXT);
			expect(request.body).not.toContain('v1.'); // no sealed value either
		}
		const first = JSON.parse(receiver.received.find((r) => r.headers['x-mediator-event'] === 'dispute.party_replied')?.body ?? '{}') as Record<string, unknown>;
		expect(Object.keys(first).sort()).toEqual(['detail', 'dispute', 'event', 'id', 'link', 'occurredAt']);
		expect(first).toMatchObject({ event: 'dispute.party_replied', link: `https://mediator.example/disputes/${seeded.disputeId}`, detail: { party: 'buyer' } });
		expect(first.dispute).toMatchObject({ id: seeded.disputeId, orderId: seeded.orderId, status: 'in-progress', amountSats: 100_000, fiatCode: 'EUR', fiatAmount: [50], held: true });

		const log = await listDeliveryLog(database.db);
		expect(log).toHaveLength(3);
		expect(log.every((row) => row.state === 'delivered' && row.status === 204 && row.error === null && row.attempt === 1 && row.endpointId === id)).toBe(true);

		// "Send test" posts a signed webhook.test at once and is audited.
		now += 1000;
		const outcome = await sendWebhookTest(services, actor, id);
		expect(outcome).toMatchObject({ status: 204, error: null });
		expect(receiver.received.at(-1)?.headers['x-mediator-event']).toBe('webhook.test');
		const audit = await database.db.selectFrom('audit_log').select(['action', 'details']).execute();
		expect(audit.map((row) => row.action)).toEqual(['webhook.created', 'webhook.tested']);
		expect(audit.map((row) => row.details).join('')).not.toContain(secret);
	});

	it('retries a receiver that is down with growing waits, logs each attempt, and gives up after the bound', async () => {
		const database = openTestDatabase();
		open.push(database);
		const sealer = createSealer(randomBytes(32));
		const down = await startReceiver();
		await closeServer(down.server);
		let now = 1_800_000_000_000;
		const services = servicesFor(database.db, sealer, down.port, () => now);
		await createWebhookEndpoint(services, actor, null, { url: `https://127.0.0.1:${down.port}/hook`, events: ['dispute.party_replied'], enabled: true }, now);
		const holder = await seedHolder(database.db);
		const seeded = await seedTakenCase(database.db, holder, { amount: 5000, fee: 25 });

		services.events.deliver([{ type: 'ChatMessageStored', disputeId: seeded.disputeId, party: 'seller', direction: 'in' }]);
		await services.events.settled();
		await services.webhooks.idle();
		for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
			// Not due a moment before its back-off ends; due right after.
			now += retryDelayMs(attempt) - 1;
			expect(await services.webhooks.tick()).toBe(0);
			now += 1;
			expect(await services.webhooks.tick()).toBe(1);
		}
		now += retryDelayMs(MAX_ATTEMPTS) * 4;
		expect(await services.webhooks.tick()).toBe(0);

		const log = await listDeliveryLog(database.db);
		expect(log.map((row) => row.attempt)).toEqual([6, 5, 4, 3, 2, 1]);
		expect(log.every((row) => row.status === null && row.error === 'connection_refused' && row.state === 'failed')).toBe(true);

		// The log keeps finished deliveries for a while, then drops them with their attempts.
		now += LOG_KEEP_MS + 1;
		await services.webhooks.tick();
		expect(await listDeliveryLog(database.db)).toEqual([]);
	});

	it('keeps a pending delivery across a restart and sends it once the receiver is back', async () => {
		const database = openTestDatabase();
		open.push(database);
		const sealer = createSealer(randomBytes(32));
		const probe = await startReceiver();
		const port = probe.port;
		await closeServer(probe.server);
		let now = 1_800_000_000_000;
		const before = servicesFor(database.db, sealer, port, () => now);
		const { secret } = await createWebhookEndpoint(before, actor, null, { url: `https://127.0.0.1:${port}/hook`, events: ['dispute.new'], enabled: true }, now);
		const holder = await seedHolder(database.db);
		const seeded = await seedTakenCase(database.db, holder, { amount: 5000, fee: 25 });
		await database.db.updateTable('disputes').set({ status: 'initiated' }).where('id', '=', seeded.disputeId).execute();
		before.events.deliver([{ type: 'DisputeRevised', disputeId: seeded.disputeId }]);
		await before.events.settled();
		await before.webhooks.idle();
		await before.webhooks.stop();

		const back = await startReceiver(port);
		servers.push(back.server);
		now += retryDelayMs(1);
		const after = servicesFor(database.db, sealer, port, () => now);
		// The same fact again (a relay re-sends the revision) is not queued twice.
		after.events.deliver([{ type: 'DisputeRevised', disputeId: seeded.disputeId }]);
		await after.events.settled();
		await after.webhooks.idle();
		await after.webhooks.tick();
		expect(back.received).toHaveLength(1);
		expect(back.received[0]?.headers['x-mediator-event']).toBe('dispute.new');
		expect(isValidWebhookSignature(secret, String(back.received[0]?.headers['x-mediator-signature']), back.received[0]?.body ?? '', Math.floor(now / 1000))).toBe(true);
		expect((await listDeliveryLog(database.db)).map((row) => [row.attempt, row.error])).toEqual([
			[2, null],
			[1, 'connection_refused']
		]);
	});
});
