// The notification forms through the real runtime (issue 19): on the Account page a bad npub
// and half-given quiet hours come back as form problems, choices are saved and read back, and
// a code that reached no relay says so (and is logged without the code); on Settings the
// operator sees the notifier npub and saves the delays, which a mediator may not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../../src/lib/server/runtime.ts';
import { postForm, startRouteRuntime, type RouteRuntime } from '../../../helpers/route-runtime.ts';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { encodeNpub } from '../../../../src/lib/protocol/keys.ts';
import { listRecentNotifications } from '../../../../src/lib/server/notifications/notification-log.ts';
import * as account from '../../../../src/routes/(console)/account/+page.server.ts';
import * as settings from '../../../../src/routes/(console)/settings/+page.server.ts';

type Handler = (event: never) => Promise<unknown>;

describe('notification forms', () => {
	let world: RouteRuntime;
	let runtime: Runtime;
	let operator: App.Locals;
	let mediator: App.Locals;

	const post = (actions: Record<string, unknown>, action: string, locals: App.Locals, fields: Array<[string, string]>) => postForm(actions, action, locals, fields, '/account');

	beforeAll(async () => {
		world = await startRouteRuntime('notify-route');
		runtime = world.runtime;
		operator = await world.signedIn('olga', 'operator');
		mediator = await world.signedIn('mia', 'mediator');
	});
	afterAll(() => world.close());

	it('refuses a bad npub and says when no relay took the code', async () => {
		const bad = (await post(account.actions, 'npubCode', mediator, [['npub', 'npub1nope']])) as { data: { problem: { field: string; message: string } } };
		expect(bad.data.problem).toMatchObject({ field: 'npub', message: 'That is not a valid npub.' });
		const npub = encodeNpub(getPublicKey(generateSecretKey()));
		expect(await post(account.actions, 'npubCode', mediator, [['npub', npub]])).toEqual({ npubCodeSent: false });
		const data = (await (account.load as unknown as Handler)({ locals: mediator } as never)) as { notifications: { npub: string | null; pendingNpub: string | null } };
		expect(data.notifications).toMatchObject({ npub: null, pendingNpub: npub });
		const [logged] = await listRecentNotifications(runtime.db);
		expect(logged).toMatchObject({ kind: 'npub_verification', userName: 'mia', state: 'failed' });
		expect(JSON.stringify(logged)).not.toMatch(/\b\d{6}\b/);
		const wrong = (await post(account.actions, 'npubConfirm', mediator, [['code', '123456']])) as { data: { problem: { field: string } } };
		expect(wrong.data.problem.field).toBe('code');
	});

	it('saves the kinds and quiet hours, and refuses half a window', async () => {
		const half = (await post(account.actions, 'notificationChoices', mediator, [['quietStart', '22:00']])) as { data: { problem: { field: string } } };
		expect(half.data.problem.field).toBe('quietEnd');
		expect(
			await post(account.actions, 'notificationChoices', mediator, [
				['kinds', 'dispute_new'],
				['kinds', 'escrow_1h'],
				['quietStart', '22:00'],
				['quietEnd', '07:00']
			])
		).toEqual({ notificationChoicesSaved: true });
		const data = (await (account.load as unknown as Handler)({ locals: mediator } as never)) as { notifications: { kinds: Array<{ kind: string; chosen: boolean }>; quietStart: string; quietEnd: string } };
		expect(data.notifications.kinds.filter((k) => k.chosen).map((k) => k.kind)).toEqual(['dispute_new', 'escrow_1h']);
		expect(data.notifications).toMatchObject({ quietStart: '22:00', quietEnd: '07:00' });
	});

	it('shows the notifier npub on Settings and saves the delays for operators only', async () => {
		const data = (await (settings.load as unknown as Handler)({ locals: operator, depends: () => undefined } as never)) as { notifications: { notifierNpub: string; timings: object } };
		expect(data.notifications.notifierNpub).toMatch(/^npub1/);
		expect(data.notifications.timings).toEqual({ renotifyAfterMin: 15, escalateAfterMin: 60, partyWaitingAfterMin: 30 });
		const fields: Array<[string, string]> = [
			['renotifyAfterMin', '10'],
			['escalateAfterMin', '45'],
			['partyWaitingAfterMin', '20']
		];
		expect(await post(settings.actions, 'notificationTimings', operator, fields)).toEqual({ notificationTimingsSaved: true });
		const order = (await post(settings.actions, 'notificationTimings', operator, [fields[0]!, ['escalateAfterMin', '5'], fields[2]!])) as { data: { problem: { field: string } } };
		expect(order.data.problem.field).toBe('escalateAfterMin');
		await expect(post(settings.actions, 'notificationTimings', mediator, fields)).rejects.toMatchObject({ status: 403 });
		const after = (await (settings.load as unknown as Handler)({ locals: operator, depends: () => undefined } as never)) as { notifications: { timings: object } };
		expect(after.notifications.timings).toEqual({ renotifyAfterMin: 10, escalateAfterMin: 45, partyWaitingAfterMin: 20 });
	});
});
