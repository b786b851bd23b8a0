// The webhook endpoints an operator configured (issue 19 "Webhooks"): the one module that reads
// and writes `webhook_endpoints`, returning camelCase domain types. The signing secret is sealed
// in the vault under a purpose bound to the endpoint's id and opened only to sign a delivery.
// Never returns the secret to a view.
import type { Db, Tx } from '../db/index.ts';
import type { Selectable } from 'kysely';
import type { WebhookEndpointsTable } from '../db/schema.ts';
import { openText, sealText, type Sealer } from '../vault/seal.ts';
import { isWebhookEventName, type WebhookEventName } from './webhook-events.ts';
import { log } from '../log.ts';

export interface WebhookEndpoint {
	id: number;
	url: string;
	events: WebhookEventName[];
	enabled: boolean;
	createdAt: number;
	updatedAt: number;
}

const purposeOf = (id: number) => `webhook-secret:${id}`;

function eventsOf(id: number, stored: string): WebhookEventName[] {
	try {
		const parsed: unknown = JSON.parse(stored);
		if (Array.isArray(parsed)) return parsed.filter(isWebhookEventName);
	} catch {
		// fall through
	}
	log.warn('a webhook endpoint has unreadable event choices', { endpoint: id });
	return [];
}

function endpointOf(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
	return { id: row.id, url: row.url, events: eventsOf(row.id, row.events), enabled: row.enabled === 1, createdAt: row.created_at, updatedAt: row.updated_at };
}

export async function listWebhookEndpoints(db: Db | Tx): Promise<WebhookEndpoint[]> {
	const rows = await db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute();
	return rows.map(endpointOf);
}

export async function getWebhookEndpoint(db: Db | Tx, id: number): Promise<WebhookEndpoint | null> {
	const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? endpointOf(row) : null;
}

export interface EndpointFields {
	url: string;
	events: readonly WebhookEventName[];
	enabled: boolean;
}

export async function createWebhookEndpointRow(tx: Tx, sealer: Sealer, fields: EndpointFields, secret: string, now: number): Promise<number> {
	const inserted = await tx
		.insertInto('webhook_endpoints')
		.values({ url: fields.url, events: JSON.stringify(fields.events), secret_sealed: '', enabled: fields.enabled ? 1 : 0, created_at: now, updated_at: now })
		.returning('id')
		.executeTakeFirstOrThrow();
	await tx
		.updateTable('webhook_endpoints')
		.set({ secret_sealed: sealText(sealer, secret, purposeOf(inserted.id)) })
		.where('id', '=', inserted.id)
		.execute();
	return inserted.id;
}

export async function updateWebhookEndpointRow(tx: Tx, id: number, fields: EndpointFields, now: number): Promise<void> {
	await tx
		.updateTable('webhook_endpoints')
		.set({ url: fields.url, events: JSON.stringify(fields.events), enabled: fields.enabled ? 1 : 0, updated_at: now })
		.where('id', '=', id)
		.execute();
}

export async function deleteWebhookEndpointRow(tx: Tx, id: number): Promise<void> {
	await tx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

/** Opens an endpoint's secret to sign one delivery (null when the endpoint is gone). */
export async function openWebhookSecret(db: Db, sealer: Sealer, id: number): Promise<string | null> {
	const row = await db.selectFrom('webhook_endpoints').select('secret_sealed').where('id', '=', id).executeTakeFirst();
	return row ? openText(sealer, row.secret_sealed, purposeOf(id)) : null;
}
