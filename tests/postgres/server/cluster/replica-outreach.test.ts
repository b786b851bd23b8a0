// What replicas share besides the engine (issue 20), on a real PostgreSQL with a connection pool
// per replica: an attachment archived by replica A is served by replica B (the sealed blob is in
// `attachment_blobs`, not in A's data directory); webhook deliveries worked by two dispatchers at
// once are posted once each; a direct-message notification delivered by two notifiers at once
// is sent once.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { openPostgres } from '../../../../src/lib/server/db/postgres.ts';
import { readMigrationSetFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import type { ConsoleDatabase } from '../../../../src/lib/server/db/index.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { createMostroServices } from '../../../../src/lib/server/mostro/services.ts';
import { createWebhookEndpoint } from '../../../../src/lib/server/webhooks/webhook-commands.ts';
import { enqueueDelivery, listDeliveryLog } from '../../../../src/lib/server/webhooks/webhook-queue.ts';
import { Notifier } from '../../../../src/lib/server/notifications/notifier.ts';
import { confirmNpubCode, startNpubVerification } from '../../../../src/lib/server/notifications/notification-settings.ts';
import { listRecentNotifications } from '../../../../src/lib/server/notifications/notification-log.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { personActor, systemActor } from '../../../../src/lib/server/auth/actor.ts';
import { createPostgresDatabase, testPostgresUrl } from '../../../helpers/test-db.ts';
import { countingTransport, dispatcherFor, receiverPolicy, startCountingReceiver, type CountingReceiver } from '../../../helpers/replica-outreach.ts';

const open: ConsoleDatabase[] = [];
const receivers: CountingReceiver[] = [];
afterEach(async () => {
	for (const receiver of receivers.splice(0)) await receiver.stop();
	for (const database of open.splice(0)) await database.close();
});

/** Two replicas' connection pools on one fresh database. */
async function twoPools(): Promise<[ConsoleDatabase, ConsoleDatabase]> {
	const server = testPostgresUrl();
	if (!server) throw new Error('MEDIATOR_DATABASE_URL is not set: run these tests with npm run test:pg');
	const url = await createPostgresDatabase(server);
	const a = await openPostgres(url, readMigrationSetFromDisk().postgres, { max: 4, applicationName: 'replica-a' });
	const b = await openPostgres(url, readMigrationSetFromDisk().postgres, { max: 4, applicationName: 'replica-b' });
	open.push(a, b);
	return [a, b];
}

describe('what replicas share (PostgreSQL)', () => {
	it('serves on replica B an attachment replica A archived, sealed at rest', async () => {
		const [a, b] = await twoPools();
		const masterKey = new Uint8Array(randomBytes(32));
		// Different data directories: nothing on disk is shared.
		const onA = createMostroServices(a.db, createSealer(masterKey), { archiveInDatabase: true, dataDir: '/nonexistent/a' });
		const onB = createMostroServices(b.db, createSealer(masterKey), { archiveInDatabase: true, dataDir: '/nonexistent/b' });
		const blob = new Uint8Array(randomBytes(2048));
		const hash = bytesToHex(sha256(blob));
		const url = `blossom://files.example/${hash}`;

		await onA.archive.keep(blob, url);
		// B may fetch from no host at all: only the shared copy can answer.
		expect(Buffer.from(await onB.archive.obtain(url)).equals(Buffer.from(blob))).toBe(true);
		expect((await onB.archive.status([{ hash, url }])).get(hash)?.state).toBe('archived');
		const row = await b.db.selectFrom('attachment_blobs').selectAll().where('sha256', '=', hash).executeTakeFirstOrThrow();
		expect(row.size).toBe(2048);
		expect(row.sealed).not.toContain(Buffer.from(blob).toString('base64').slice(0, 40));
		// Kept twice (both replicas saw the file): one row.
		await onB.archive.keep(blob, url);
		expect(await b.db.selectFrom('attachment_blobs').select('sha256').execute()).toHaveLength(1);
		// A different master key cannot open it.
		const stranger = createMostroServices(b.db, createSealer(new Uint8Array(randomBytes(32))), { archiveInDatabase: true });
		expect(await stranger.archive.readArchived(hash)).toBeNull();
	});

	it('posts each webhook delivery once with a dispatcher on each replica', async () => {
		const [a, b] = await twoPools();
		const sealer = createSealer(new Uint8Array(randomBytes(32)));
		const receiver = await startCountingReceiver();
		receivers.push(receiver);
		const services = createMostroServices(a.db, sealer, { webhooks: { policy: receiverPolicy(receiver.port), origin: null } });
		const { id } = await createWebhookEndpoint(services, systemActor('system'), null, { url: `https://127.0.0.1:${receiver.port}/hook`, events: ['dispute.new'], enabled: true }, Date.now());
		for (let i = 0; i < 8; i++) await enqueueDelivery(a.db, { endpointId: id, event: 'dispute.new', dedupeKey: `d${i}`, body: '{}' }, Date.now());
		const onA = dispatcherFor(a.db, sealer, receiver.port);
		const onB = dispatcherFor(b.db, sealer, receiver.port);

		const sent = await Promise.all([onA.tick(), onB.tick(), onA.tick(), onB.tick()]);
		expect(sent.reduce((x, y) => x + y, 0)).toBe(8);
		expect(receiver.deliveries).toHaveLength(8);
		expect(new Set(receiver.deliveries).size).toBe(8);
		expect((await listDeliveryLog(b.db)).every((row) => row.state === 'delivered' && row.attempt === 1)).toBe(true);
	});

	it('sends a direct-message notification once with a notifier on each replica', async () => {
		const [a, b] = await twoPools();
		const sealer = createSealer(new Uint8Array(randomBytes(32)));
		const transport = countingTransport();
		const onA = new Notifier({ db: a.db, sealer, transport, publicUrl: null });
		const onB = new Notifier({ db: b.db, sealer, transport, publicUrl: null });
		const userId = await insertUser(a.db, { name: 'mia', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const mia = personActor({ id: userId, name: 'mia', role: 'mediator' });
		let code = '';
		await startNpubVerification({ db: a.db }, mia, null, { pubkey: getPublicKey(generateSecretKey()), send: async (_pk, c) => ((code = c), true) }, Date.now());
		await confirmNpubCode({ db: a.db }, mia, null, { code }, Date.now());

		await Promise.all([onA.notify({ kind: 'dispute_new', disputeId: 'd1', dedupeKey: 'dispute_new:d1' }), onB.deliverDue(), onA.deliverDue(), onB.deliverDue()]);
		await Promise.all([onA.deliverDue(), onB.deliverDue()]);
		expect(transport.sent).toHaveLength(1);
		expect((await listRecentNotifications(b.db))[0]).toMatchObject({ state: 'sent', attempts: 1 });
	});
});
