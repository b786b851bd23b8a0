// The operator's webhook commands (issue 19): URLs pass the allow-list and SSRF rules before
// anything is stored, every change is audited without the secret, the secret is sealed, a
// disabled endpoint gets nothing queued, and escrow-deadline alerts are queued once per deadline.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { seedTakenCase } from '../../../helpers/case-seed.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { createMostroServices } from '../../../../src/lib/server/mostro/services.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';
import { Refusal } from '../../../../src/lib/server/errors.ts';
import { createWebhookEndpoint, deleteWebhookEndpoint, parseWebhookEndpointInput, updateWebhookEndpoint } from '../../../../src/lib/server/webhooks/webhook-commands.ts';
import { listWebhookEndpoints, openWebhookSecret } from '../../../../src/lib/server/webhooks/webhook-endpoints.ts';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';

const actor = systemActor('system');
const open: OpenDatabase[] = [];
afterEach(async () => {
	for (const db of open.splice(0)) await db.close();
});

function world(now: () => number = () => 1_800_000_000_000) {
	const database = openTestDatabase();
	open.push(database);
	const sealer = createSealer(randomBytes(32));
	// Nothing listens on these hosts: deliveries fail, which is all these tests need.
	const services = createMostroServices(database.db, sealer, { webhooks: { policy: { allowedHosts: ['hooks.invalid'], allowLoopback: false }, origin: null, transport: { timeoutMs: 500 }, clock: now } });
	return { db: database.db, sealer, services };
}

async function refusalOf(work: Promise<unknown>): Promise<string> {
	try {
		await work;
	} catch (error) {
		if (error instanceof Refusal) return error.messageKey;
		throw error;
	}
	return 'accepted';
}

describe('webhook endpoint commands', () => {
	it('refuses http://, private addresses and hosts outside the allow-list, storing nothing', async () => {
		const { db, services } = world();
		const add = (url: string) => refusalOf(createWebhookEndpoint(services, actor, null, { url, events: ['dispute.new'], enabled: true }));
		expect(await add('http://hooks.invalid/x')).toBe('webhooks.error.https');
		expect(await add('https://10.0.0.1/x')).toBe('webhooks.error.private');
		expect(await add('https://127.0.0.1/x')).toBe('webhooks.error.private');
		expect(await add('https://[fd00::1]/x')).toBe('webhooks.error.private');
		expect(await add('https://evil.example.com/x')).toBe('webhooks.error.host');
		expect(await listWebhookEndpoints(db)).toEqual([]);
		expect(await db.selectFrom('audit_log').select('id').execute()).toEqual([]);
	});

	it('seals the secret, audits create, change and delete without it', async () => {
		const { db, sealer, services } = world();
		const { id, secret } = await createWebhookEndpoint(services, actor, null, { url: 'https://hooks.invalid/a', events: ['dispute.new'], enabled: true });
		const stored = await db.selectFrom('webhook_endpoints').select('secret_sealed').where('id', '=', id).executeTakeFirstOrThrow();
		expect(stored.secret_sealed).not.toContain(secret);
		expect(await openWebhookSecret(db, sealer, id)).toBe(secret);

		await updateWebhookEndpoint(services, actor, id, { url: 'https://hooks.invalid/b', events: ['dispute.takeover', 'dispute.new'], enabled: false });
		expect(await listWebhookEndpoints(db)).toMatchObject([{ id, url: 'https://hooks.invalid/b', events: ['dispute.takeover', 'dispute.new'], enabled: false }]);
		expect(await refusalOf(updateWebhookEndpoint(services, actor, id, { url: 'http://hooks.invalid/b', events: ['dispute.new'], enabled: true }))).toBe('webhooks.error.https');
		await deleteWebhookEndpoint(services, actor, id);
		expect(await refusalOf(deleteWebhookEndpoint(services, actor, id))).toBe('webhooks.error.not_found');

		const audit = await db.selectFrom('audit_log').select(['action', 'subject', 'details']).orderBy('id').execute();
		expect(audit.map((row) => row.action)).toEqual(['webhook.created', 'webhook.changed', 'webhook.deleted']);
		expect(audit.every((row) => row.subject === `webhook:${id}` && !row.details.includes(secret))).toBe(true);
	});

	it('queues nothing for a disabled endpoint or an event it did not choose', async () => {
		const { db, services } = world();
		const holder = (await db.insertInto('users').values({ name: 'ana', role: 'mediator', password_hash: 'x', created_at: 0, updated_at: 0 }).returning('id').executeTakeFirstOrThrow()).id;
		const seeded = await seedTakenCase(db, holder, { amount: 1000, fee: 5 });
		await createWebhookEndpoint(services, actor, null, { url: 'https://hooks.invalid/a', events: ['dispute.party_replied'], enabled: false });
		await createWebhookEndpoint(services, actor, null, { url: 'https://hooks.invalid/b', events: ['dispute.new'], enabled: true });
		services.events.deliver([{ type: 'ChatMessageStored', disputeId: seeded.disputeId, party: 'buyer', direction: 'in' }]);
		await services.events.settled();
		await services.webhooks.idle();
		expect(await db.selectFrom('webhook_deliveries').select('id').execute()).toEqual([]);
	});

	it('queues each escrow alert once per deadline for a held dispute', async () => {
		let now = 1_800_000_000_000;
		const { db, services } = world(() => now);
		const holder = (await db.insertInto('users').values({ name: 'ana', role: 'mediator', password_hash: 'x', created_at: 0, updated_at: 0 }).returning('id').executeTakeFirstOrThrow()).id;
		const seeded = await seedTakenCase(db, holder, { amount: 1000, fee: 5 });
		await db
			.updateTable('disputes')
			.set({ escrow_deadline: Math.floor((now + 5 * 3_600_000) / 1000) })
			.where('id', '=', seeded.disputeId)
			.execute();
		await createWebhookEndpoint(services, actor, null, { url: 'https://hooks.invalid/a', events: ['escrow.deadline_6h', 'escrow.deadline_1h'], enabled: true });
		await services.webhooks.tick();
		await services.webhooks.tick();
		expect((await db.selectFrom('webhook_deliveries').select('event').execute()).map((row) => row.event)).toEqual(['escrow.deadline_6h']);
		now += 4.5 * 3_600_000;
		await services.webhooks.tick();
		expect((await db.selectFrom('webhook_deliveries').select('event').orderBy('id').execute()).map((row) => row.event)).toEqual(['escrow.deadline_6h', 'escrow.deadline_1h']);
	});
});

describe('parseWebhookEndpointInput', () => {
	it('takes the chosen names once each and the enabled checkbox', () => {
		expect(parseWebhookEndpointInput({ url: ' https://hooks.invalid/a ', events: ['dispute.new', 'dispute.new'], enabled: 'on' })).toEqual({ url: 'https://hooks.invalid/a', events: ['dispute.new'], enabled: true });
		expect(parseWebhookEndpointInput({ url: 'https://hooks.invalid/a', events: ['dispute.new'], enabled: '' }).enabled).toBe(false);
	});
	it('refuses no events, unknown events and an empty URL', () => {
		expect(() => parseWebhookEndpointInput({ url: 'https://hooks.invalid/a', events: [], enabled: 'on' })).toThrow(/webhooks.error.events/);
		expect(() => parseWebhookEndpointInput({ url: 'https://hooks.invalid/a', events: ['dispute.secret'], enabled: 'on' })).toThrow(/webhooks.error.events/);
		expect(() => parseWebhookEndpointInput({ url: '', events: ['dispute.new'], enabled: 'on' })).toThrow(/webhooks.error.url/);
	});
});
