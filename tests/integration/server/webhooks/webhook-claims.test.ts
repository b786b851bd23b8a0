// Several replicas work one webhook queue and one notification table (issue 20): every replica
// runs a webhook dispatcher and a notifier (deliveries are queued where the domain event fired),
// so each attempt is claimed in the database first. Two dispatchers ticking together post each
// delivery once; two notifiers delivering together send each direct message once. Runs on
// SQLite, and on PostgreSQL under `npm run test:pg` (tests/postgres/server/cluster/replica-outreach.test.ts
// repeats it with a connection pool per replica).
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { openIntegrationDatabase } from '../../../helpers/test-db.ts';
import { countingTransport, dispatcherFor, receiverPolicy, startCountingReceiver, type CountingReceiver } from '../../../helpers/replica-outreach.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { createWebhookEndpoint } from '../../../../src/lib/server/webhooks/webhook-commands.ts';
import { claimDelivery, enqueueDelivery, listDeliveryLog, listDueDeliveries } from '../../../../src/lib/server/webhooks/webhook-queue.ts';
import { Notifier } from '../../../../src/lib/server/notifications/notifier.ts';
import { confirmNpubCode, startNpubVerification } from '../../../../src/lib/server/notifications/notification-settings.ts';
import { claimNotification, listDueNotifications, listRecentNotifications } from '../../../../src/lib/server/notifications/notification-log.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { personActor, systemActor } from '../../../../src/lib/server/auth/actor.ts';
import { createMostroServices } from '../../../../src/lib/server/mostro/services.ts';
import type { ConsoleDatabase } from '../../../../src/lib/server/db/index.ts';

const open: ConsoleDatabase[] = [];
const receivers: CountingReceiver[] = [];
afterEach(async () => {
	for (const receiver of receivers.splice(0)) await receiver.stop();
	for (const database of open.splice(0)) await database.close();
});

describe('deliveries claimed by one replica', () => {
	it('two dispatchers ticking together post every delivery once', async () => {
		const database = await openIntegrationDatabase();
		open.push(database);
		const sealer = createSealer(new Uint8Array(randomBytes(32)));
		const receiver = await startCountingReceiver();
		receivers.push(receiver);
		const services = createMostroServices(database.db, sealer, { webhooks: { policy: receiverPolicy(receiver.port), origin: null } });
		const { id } = await createWebhookEndpoint(services, systemActor('system'), null, { url: `https://127.0.0.1:${receiver.port}/hook`, events: ['dispute.new'], enabled: true }, Date.now());
		for (let i = 0; i < 6; i++) await enqueueDelivery(database.db, { endpointId: id, event: 'dispute.new', dedupeKey: `d${i}`, body: '{}' }, Date.now());
		const a = dispatcherFor(database.db, sealer, receiver.port);
		const b = dispatcherFor(database.db, sealer, receiver.port);

		const [sentByA, sentByB] = await Promise.all([a.tick(), b.tick()]);
		expect(sentByA + sentByB).toBe(6);
		expect(receiver.deliveries).toHaveLength(6);
		expect(new Set(receiver.deliveries).size).toBe(6);
		expect((await listDeliveryLog(database.db)).every((row) => row.state === 'delivered' && row.attempt === 1)).toBe(true);
	});

	it('a claim succeeds once for a row read by two replicas', async () => {
		const database = await openIntegrationDatabase();
		open.push(database);
		const sealer = createSealer(new Uint8Array(randomBytes(32)));
		const services = createMostroServices(database.db, sealer, { webhooks: { policy: { allowedHosts: ['hooks.example'], allowLoopback: false }, origin: null } });
		const { id } = await createWebhookEndpoint(services, systemActor('system'), null, { url: 'https://hooks.example/x', events: ['dispute.new'], enabled: true }, 1000);
		await enqueueDelivery(database.db, { endpointId: id, event: 'dispute.new', dedupeKey: 'once', body: '{}' }, 1000);
		const [readByA] = await listDueDeliveries(database.db, 2000);
		const [readByB] = await listDueDeliveries(database.db, 2000);
		if (!readByA || !readByB) throw new Error('the delivery is not due');
		expect(await claimDelivery(database.db, readByA, 2000)).toBe(true);
		expect(await claimDelivery(database.db, readByB, 2000)).toBe(false);
		// Held while it is being posted: not due for anyone else.
		expect(await listDueDeliveries(database.db, 3000)).toEqual([]);
	});

	it('two notifiers delivering together send each direct message once', async () => {
		const database = await openIntegrationDatabase();
		open.push(database);
		const { db } = database;
		const sealer = createSealer(new Uint8Array(randomBytes(32)));
		const transport = countingTransport();
		const a = new Notifier({ db, sealer, transport, publicUrl: null });
		const b = new Notifier({ db, sealer, transport, publicUrl: null });
		const userId = await insertUser(db, { name: 'mia', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const mia = personActor({ id: userId, name: 'mia', role: 'mediator' });
		let code = '';
		await startNpubVerification({ db }, mia, null, { pubkey: getPublicKey(generateSecretKey()), send: async (_pk, c) => ((code = c), true) }, Date.now());
		await confirmNpubCode({ db }, mia, null, { code }, Date.now());

		// Recorded by replica A (its domain event), delivered by both at once.
		await Promise.all([a.notify({ kind: 'dispute_new', disputeId: 'd1', dedupeKey: 'dispute_new:d1' }), b.deliverDue(), a.deliverDue(), b.deliverDue()]);
		await Promise.all([a.deliverDue(), b.deliverDue()]);
		expect(transport.sent).toHaveLength(1);
		const [row] = await listRecentNotifications(db);
		expect(row).toMatchObject({ state: 'sent', attempts: 1 });
	});

	it('a notification claim succeeds once for a row read by two replicas', async () => {
		const database = await openIntegrationDatabase();
		open.push(database);
		const { db } = database;
		const userId = await insertUser(db, { name: 'noa', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 1000);
		await db
			.insertInto('notifications')
			.values({ kind: 'dispute_new', user_id: userId, dispute_id: 'd1', dedupe_key: 'k', facts: '{}', state: 'pending', recipient_pubkey: 'ab'.repeat(32), next_attempt_at: 1000, created_at: 1000 })
			.execute();
		const [readByA] = await listDueNotifications(db, 2000);
		const [readByB] = await listDueNotifications(db, 2000);
		if (!readByA || !readByB) throw new Error('the notification is not due');
		expect(await claimNotification(db, readByA, 2000)).toBe(true);
		expect(await claimNotification(db, readByB, 2000)).toBe(false);
		expect(await listDueNotifications(db, 3000)).toEqual([]);
	});
});
