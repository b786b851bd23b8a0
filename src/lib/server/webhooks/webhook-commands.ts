// What an operator does with webhook endpoints on Settings (issue 19 "Webhooks"): add one (its
// secret is generated, sealed and returned once), change its URL, events or enabled flag,
// delete it, and send it a test. Each is a command (services, actor, subjectId, input) that
// records an audit entry in the same transaction as its change. The URL is checked against the
// deployment's allow-list and the SSRF rules. Never audits or returns a stored secret.
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import type { Actor } from '../auth/actor.ts';
import { appendAudit, recordAudit } from '../audit/log.ts';
import { Refusal } from '../errors.ts';
import { isWebhookEventName, type WebhookEventName } from './webhook-events.ts';
import { parseWebhookUrl } from './webhook-address.ts';
import { createWebhookEndpointRow, deleteWebhookEndpointRow, getWebhookEndpoint, updateWebhookEndpointRow, type EndpointFields } from './webhook-endpoints.ts';
import { makeWebhookSecret } from './webhook-signature.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';
import type { PostOutcome } from './webhook-post.ts';

export interface WebhookServices {
	db: Db;
	sealer: Sealer;
	webhooks: WebhookDispatcher;
}

export interface WebhookEndpointInput {
	url: string;
	events: WebhookEventName[];
	enabled: boolean;
}

/** Shared by the page action (and any later API): `events` is the list of chosen names. */
export function parseWebhookEndpointInput(fields: { url: unknown; events: unknown; enabled: unknown }): WebhookEndpointInput {
	if (typeof fields.url !== 'string' || fields.url.trim() === '' || fields.url.length > 2000) throw new Refusal('invalid_input', 'webhooks.error.url', { field: 'url' });
	const chosen = Array.isArray(fields.events) ? fields.events : [];
	if (!chosen.every(isWebhookEventName)) throw new Refusal('invalid_input', 'webhooks.error.events', { field: 'events' });
	const events = [...new Set(chosen)];
	if (events.length === 0) throw new Refusal('invalid_input', 'webhooks.error.events', { field: 'events' });
	return { url: fields.url.trim(), events, enabled: fields.enabled === true || fields.enabled === 'on' };
}

function fieldsOf(services: WebhookServices, input: WebhookEndpointInput): EndpointFields {
	return { url: parseWebhookUrl(input.url, services.webhooks.policy).href, events: input.events, enabled: input.enabled };
}

/** Adds an endpoint; returns its id and its secret, which is never shown again. */
export async function createWebhookEndpoint(services: WebhookServices, actor: Actor, _subjectId: null, input: WebhookEndpointInput, now = Date.now()): Promise<{ id: number; secret: string }> {
	const fields = fieldsOf(services, input);
	const secret = makeWebhookSecret();
	const id = await services.db.transaction().execute(async (tx) => {
		const id = await createWebhookEndpointRow(tx, services.sealer, fields, secret, now);
		await appendAudit(tx, actor, { action: 'webhook.created', subject: `webhook:${id}`, details: { host: new URL(fields.url).host, events: fields.events, enabled: fields.enabled }, at: now });
		return id;
	});
	return { id, secret };
}

export async function updateWebhookEndpoint(services: WebhookServices, actor: Actor, endpointId: number, input: WebhookEndpointInput, now = Date.now()): Promise<void> {
	const fields = fieldsOf(services, input);
	await services.db.transaction().execute(async (tx) => {
		if (!(await getWebhookEndpoint(tx, endpointId))) throw new Refusal('not_found', 'webhooks.error.not_found');
		await updateWebhookEndpointRow(tx, endpointId, fields, now);
		await appendAudit(tx, actor, { action: 'webhook.changed', subject: `webhook:${endpointId}`, details: { host: new URL(fields.url).host, events: fields.events, enabled: fields.enabled }, at: now });
	});
}

export async function deleteWebhookEndpoint(services: WebhookServices, actor: Actor, endpointId: number, now = Date.now()): Promise<void> {
	await services.db.transaction().execute(async (tx) => {
		const endpoint = await getWebhookEndpoint(tx, endpointId);
		if (!endpoint) throw new Refusal('not_found', 'webhooks.error.not_found');
		await deleteWebhookEndpointRow(tx, endpointId);
		await appendAudit(tx, actor, { action: 'webhook.deleted', subject: `webhook:${endpointId}`, details: { host: new URL(endpoint.url).host }, at: now });
	});
}

/** Sends one signed `webhook.test` POST now and returns what came back (also in the log). */
export async function sendWebhookTest(services: WebhookServices, actor: Actor, endpointId: number): Promise<PostOutcome> {
	const deliveryId = await services.webhooks.queueTest(endpointId);
	if (deliveryId === null) throw new Refusal('not_found', 'webhooks.error.not_found');
	const outcome = await services.webhooks.deliverNow(deliveryId);
	if (!outcome) throw new Refusal('not_found', 'webhooks.error.not_found');
	await recordAudit(services.db, actor, { action: 'webhook.tested', subject: `webhook:${endpointId}`, details: { status: outcome.status, error: outcome.error } });
	return outcome;
}
