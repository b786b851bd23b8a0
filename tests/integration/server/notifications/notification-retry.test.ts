// A notification no relay accepts is tried again with back-off, shows on the health figures,
// and is given up after the last delay; a user's kind 10050 list decides where it goes.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { Notifier, RETRY_DELAYS_MS } from '../../../../src/lib/server/notifications/notifier.ts';
import type { DmTransport } from '../../../../src/lib/server/notifications/dm-transport.ts';
import { confirmNpubCode, startNpubVerification } from '../../../../src/lib/server/notifications/notification-settings.ts';
import { listRecentNotifications, notificationHealth } from '../../../../src/lib/server/notifications/notification-log.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';

function fakeTransport(accepting: () => boolean, relays = ['wss://dm.example']): DmTransport & { sent: Array<{ id: string; relays: readonly string[] }> } {
	const sent: Array<{ id: string; relays: readonly string[] }> = [];
	return {
		sent,
		relaysFor: async () => relays,
		publish: async (event, to) => {
			sent.push({ id: event.id, relays: to });
			return to.map((relay) => ({ relay, accepted: accepting(), message: accepting() ? '' : 'blocked: down', rttMs: null }));
		},
		stop: () => undefined
	};
}

describe('notification delivery failures', () => {
	it('retries with back-off, shows the failure, then gives up', async () => {
		const { db } = openTestDatabase();
		let clock = Date.UTC(2026, 0, 5, 12);
		let up = false;
		const transport = fakeTransport(() => up);
		const notifier = new Notifier({ db, sealer: createSealer(new Uint8Array(randomBytes(32))), transport, publicUrl: null, now: () => clock });
		const id = await insertUser(db, { name: 'mia', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, clock);
		const mia = personActor({ id, name: 'mia', role: 'mediator' });
		let code = '';
		await startNpubVerification({ db }, mia, null, { pubkey: getPublicKey(generateSecretKey()), send: async (_pk, c) => ((code = c), true) }, clock);
		await confirmNpubCode({ db }, mia, null, { code }, clock);

		await notifier.notify({ kind: 'dispute_new', disputeId: 'd1', dedupeKey: 'dispute_new:d1' });
		let [row] = await listRecentNotifications(db);
		expect(row).toMatchObject({ state: 'failed', attempts: 1, nextAttemptAt: clock + RETRY_DELAYS_MS[0], lastError: 'wss://dm.example: blocked: down' });
		expect(await notificationHealth(db)).toMatchObject({ retrying: 1, givenUp: 0 });

		await notifier.deliverDue();
		expect(transport.sent).toHaveLength(1);
		clock += RETRY_DELAYS_MS[0];
		await notifier.deliverDue();
		expect(transport.sent).toHaveLength(2);
		for (const delay of RETRY_DELAYS_MS.slice(1)) {
			clock += delay;
			await notifier.deliverDue();
		}
		[row] = await listRecentNotifications(db);
		expect(row).toMatchObject({ state: 'failed', attempts: RETRY_DELAYS_MS.length + 1, nextAttemptAt: null });
		expect(await notificationHealth(db)).toMatchObject({ retrying: 0, givenUp: 1 });

		up = true;
		await notifier.notify({ kind: 'dispute_new', disputeId: 'd2', dedupeKey: 'dispute_new:d2' });
		[row] = await listRecentNotifications(db);
		expect(row).toMatchObject({ disputeId: 'd2', state: 'sent', deliveredRelays: ['wss://dm.example'] });
		expect(transport.sent.at(-1)?.relays).toEqual(['wss://dm.example']);
	});

	it('records a user without a verified npub as unreachable and a user who did not choose the kind not at all', async () => {
		const { db } = openTestDatabase();
		const transport = fakeTransport(() => true);
		const notifier = new Notifier({ db, sealer: createSealer(new Uint8Array(randomBytes(32))), transport, publicUrl: null });
		await insertUser(db, { name: 'nina', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		await insertUser(db, { name: 'aud', role: 'auditor', passwordHash: 'x', mustChangePassword: false }, Date.now());
		await notifier.notify({ kind: 'dispute_new', disputeId: 'd1', dedupeKey: 'dispute_new:d1' });
		const rows = await listRecentNotifications(db);
		expect(rows.map((r) => [r.userName, r.state])).toEqual([['nina', 'no_key']]);
		expect(transport.sent).toHaveLength(0);
	});
});
