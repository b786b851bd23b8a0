import type { Actions, PageServerLoad } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { requireActor, requireUser } from '$lib/server/auth/guard';
import { changeNodeConnection, loadNodeSettings } from '$lib/server/mostro/node-settings';
import { formText, toFormFailure } from '$lib/server/form-failure';
import { encodeNpub } from '$lib/protocol/keys';
import { hasStoredNodeKey } from '$lib/server/vault/node-key';
import { getFourEyesSats, setFourEyesSats } from '$lib/server/mostro/decision-settings';
import { getConfiguredAssistantKey, setConfiguredAssistantKey } from '$lib/server/mostro/assistant-key-setting';
import { lndSettingsView } from '$lib/server/lightning/lnd-settings';
import { readAuditPubkey } from '$lib/server/audit/checkpoints';
import { isCheckpointPublishingOn, setCheckpointPublishing } from '$lib/server/audit/publish-setting';
import { loadNotificationAdminView } from '$lib/server/notifications/notification-view';
import { parseNotificationTimings, setNotificationTimings } from '$lib/server/notifications/notification-timings';
import { clearLndForm, saveLndForm, testLndForm, type LndForm } from '$lib/server/lightning/lnd-settings-actions';

function lndForm(data: FormData): LndForm {
	return { socket: formText(data, 'socket', 300), cert: formText(data, 'cert', 20000), macaroon: formText(data, 'macaroon', 8000) };
}

/** What a refused LND form shows again: never the macaroon (a credential). */
function lndKept(data: FormData): Record<string, string> {
	return { socket: formText(data, 'socket', 300), cert: formText(data, 'cert', 20000) };
}

/** `connection` (pubkey as npub too), `relays` health with intake counts, `instance` info, `assistantKey` (configured, hex). */
export const load: PageServerLoad = async ({ locals, depends }) => {
	depends('app:health');
	requireUser(locals, 'manage_settings');
	const view = await loadNodeSettings(getRuntime());
	return {
		connection: { ...view.connection, npub: view.connection.pubkey ? encodeNpub(view.connection.pubkey) : null },
		relays: view.health.relays,
		instance: view.instance,
		nodeKeyHeld: await hasStoredNodeKey(getRuntime().db),
		fourEyesSats: await getFourEyesSats(getRuntime().db),
		assistantKey: await getConfiguredAssistantKey(getRuntime().db),
		auditPubkey: await readAuditPubkey(getRuntime().db),
		auditPublishing: await isCheckpointPublishingOn(getRuntime().db),
		lnd: await lndSettingsView(getRuntime().db, getRuntime().sealer),
		notifications: await loadNotificationAdminView(getRuntime().db),
		now: Date.now()
	};
};

export const actions: Actions = {
	lnd: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const data = await request.formData();
		try {
			await saveLndForm(getRuntime(), actor, null, lndForm(data));
			return { lndSaved: true };
		} catch (error) {
			return toFormFailure(error, locals.locale, 'lnd', lndKept(data));
		}
	},
	lndTest: async ({ request, locals }) => {
		requireUser(locals, 'manage_settings');
		const data = await request.formData();
		try {
			return { lndNode: await testLndForm(getRuntime(), lndForm(data)) };
		} catch (error) {
			return toFormFailure(error, locals.locale, 'lnd', lndKept(data));
		}
	},
	lndClear: async ({ locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		await clearLndForm(getRuntime(), actor, null);
		return { lndCleared: true };
	},
	auditPublishing: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const data = await request.formData();
		await setCheckpointPublishing(getRuntime(), actor, null, { publish: data.get('publish') === 'on' });
		return { auditPublishingSaved: true };
	},
	notificationTimings: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const data = await request.formData();
		const typed = { renotifyAfterMin: formText(data, 'renotifyAfterMin', 10), escalateAfterMin: formText(data, 'escalateAfterMin', 10), partyWaitingAfterMin: formText(data, 'partyWaitingAfterMin', 10) };
		try {
			await setNotificationTimings(getRuntime(), actor, null, parseNotificationTimings(typed));
			return { notificationTimingsSaved: true };
		} catch (error) {
			return toFormFailure(error, locals.locale, 'notificationTimings', typed);
		}
	},
	fourEyes: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const data = await request.formData();
		const typed = formText(data, 'fourEyesSats', 20);
		try {
			await setFourEyesSats(getRuntime(), actor, null, typed);
			return { fourEyesSaved: true };
		} catch (error) {
			return toFormFailure(error, locals.locale, 'fourEyes', { fourEyesSats: typed });
		}
	},
	assistantKey: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const data = await request.formData();
		const typed = formText(data, 'assistantKey', 100);
		try {
			await setConfiguredAssistantKey(getRuntime(), actor, null, typed);
			await getRuntime().assistant.refresh();
			return { assistantKeySaved: true };
		} catch (error) {
			return toFormFailure(error, locals.locale, 'assistantKey', { assistantKey: typed });
		}
	},
	node: async ({ request, locals }) => {
		const actor = requireActor(locals, 'manage_settings');
		const data = await request.formData();
		const typed = { pubkey: formText(data, 'pubkey', 100), relays: formText(data, 'relays', 5000) };
		try {
			await changeNodeConnection(getRuntime(), actor, null, { ...typed, useNodeRelayList: data.get('useNodeRelayList') === 'on' });
			return { saved: true };
		} catch (error) {
			return toFormFailure(error, locals.locale, 'node', { ...typed, useNodeRelayList: data.get('useNodeRelayList') === 'on' ? 'on' : '' });
		}
	}
};
