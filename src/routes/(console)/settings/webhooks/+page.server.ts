import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireActor, requireUser } from '$lib/server/auth/guard';
import { formText, toFormFailure } from '$lib/server/form-failure';
import { Refusal } from '$lib/server/errors';
import { WEBHOOK_EVENTS } from '$lib/server/webhooks/webhook-events';
import { listWebhookEndpoints } from '$lib/server/webhooks/webhook-endpoints';
import { countPendingDeliveries, listDeliveryLog } from '$lib/server/webhooks/webhook-queue';
import { createWebhookEndpoint, deleteWebhookEndpoint, parseWebhookEndpointInput, sendWebhookTest, updateWebhookEndpoint } from '$lib/server/webhooks/webhook-commands';

function endpointInput(data: FormData) {
	return parseWebhookEndpointInput({ url: formText(data, 'url', 2000), events: data.getAll('events'), enabled: formText(data, 'enabled', 10) });
}

/** What a refused endpoint form shows again, and which form it was (`new` or `endpoint-<id>`). */
function kept(data: FormData): Record<string, string> {
	return {
		url: formText(data, 'url', 2000),
		events: data
			.getAll('events')
			.filter((e): e is string => typeof e === 'string')
			.join(','),
		enabled: formText(data, 'enabled', 10)
	};
}
const formOf = (data: FormData) => `endpoint-${formText(data, 'id', 20)}`;

function endpointId(data: FormData): number {
	const id = Number(formText(data, 'id', 20));
	if (!Number.isSafeInteger(id) || id <= 0) throw new Refusal('not_found', 'webhooks.error.not_found');
	return id;
}

/** `endpoints` (no secrets), `events` (the choices), `allowedHosts`, `log` (newest attempts first), `pending` count. */
export const load: PageServerLoad = async ({ locals }) => {
	requireUser(locals, 'manage_settings');
	const runtime = getRuntime();
	return {
		endpoints: await listWebhookEndpoints(runtime.db),
		events: [...WEBHOOK_EVENTS],
		allowedHosts: [...runtime.webhooks.policy.allowedHosts],
		log: await listDeliveryLog(runtime.db),
		pending: await countPendingDeliveries(runtime.db)
	};
};

export const actions = {
	create: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const data = await request.formData();
		try {
			const created = await createWebhookEndpoint(getRuntime(), actor, null, endpointInput(data));
			return { created };
		} catch (error) {
			return toFormFailure(error, locals.locale, 'new', kept(data));
		}
	},
	update: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const data = await request.formData();
		try {
			const id = endpointId(data);
			await updateWebhookEndpoint(getRuntime(), actor, id, endpointInput(data));
			return { updated: id };
		} catch (error) {
			return toFormFailure(error, locals.locale, formOf(data), kept(data));
		}
	},
	remove: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const data = await request.formData();
		try {
			await deleteWebhookEndpoint(getRuntime(), actor, endpointId(data));
			return { deleted: true };
		} catch (error) {
			return toFormFailure(error, locals.locale, formOf(data));
		}
	},
	test: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const data = await request.formData();
		try {
			const id = endpointId(data);
			return { tested: { id, ...(await sendWebhookTest(getRuntime(), actor, id)) } };
		} catch (error) {
			return toFormFailure(error, locals.locale, formOf(data));
		}
	}
} satisfies Actions;
