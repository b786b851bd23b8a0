// Every settings form answers invalid input with a typed field failure (issue 17): the form it
// came from, the field, a translated message and what was typed, so the page shows the error
// beside the field and keeps the value, while the stored setting stays as it was. Secrets
// (macaroon, passwords, codes) are never sent back. Through the real runtime.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm, startRouteRuntime, type RouteRuntime } from '../../../helpers/route-runtime.ts';
import { getFourEyesSats } from '../../../../src/lib/server/mostro/decision-settings.ts';
import * as settings from '../../../../src/routes/(console)/settings/+page.server.ts';
import * as webhooks from '../../../../src/routes/(console)/settings/webhooks/+page.server.ts';
import * as account from '../../../../src/routes/(console)/account/+page.server.ts';
import * as password from '../../../../src/routes/(console)/account/password/+page.server.ts';
import * as twoFactor from '../../../../src/routes/(console)/account/two-factor/+page.server.ts';

type Failure = { status: number; data: { form: string; problem: { code: string; field: string | null; message: string }; values: Record<string, string> } };

describe('settings forms: field failures', () => {
	let world: RouteRuntime;
	let operator: App.Locals;

	const post = (actions: Record<string, unknown>, action: string, fields: Array<[string, string]>, path = '/settings') => postForm(actions, action, operator, fields, path) as Promise<Failure>;

	beforeAll(async () => {
		world = await startRouteRuntime('field-errors', { MEDIATOR_WEBHOOK_HOSTS: 'hooks.invalid' });
		operator = await world.signedIn('olga', 'operator');
	});
	afterAll(() => world.close());

	it('Settings → four-eyes: "12abc" is refused beside the field, typed value kept, old value unchanged', async () => {
		expect(await post(settings.actions, 'fourEyes', [['fourEyesSats', '5000']])).toEqual({ fourEyesSaved: true });
		const refused = await post(settings.actions, 'fourEyes', [['fourEyesSats', '12abc']]);
		expect(refused.status).toBe(400);
		expect(refused.data).toEqual({ form: 'fourEyes', values: { fourEyesSats: '12abc' }, problem: { code: 'invalid_input', field: 'fourEyesSats', message: expect.stringMatching(/whole number|sats/i) } });
		expect(await getFourEyesSats(world.runtime.db)).toBe(5000);
	});

	it('Settings → notification delays, assistant key and node connection', async () => {
		const timings = await post(settings.actions, 'notificationTimings', [
			['renotifyAfterMin', '15'],
			['escalateAfterMin', 'soon'],
			['partyWaitingAfterMin', '30']
		]);
		expect(timings).toMatchObject({ status: 400, data: { form: 'notificationTimings', problem: { field: 'escalateAfterMin' }, values: { renotifyAfterMin: '15', escalateAfterMin: 'soon', partyWaitingAfterMin: '30' } } });
		const assistant = await post(settings.actions, 'assistantKey', [['assistantKey', 'not-a-key']]);
		expect(assistant).toMatchObject({ status: 400, data: { form: 'assistantKey', problem: { field: 'assistantKey' }, values: { assistantKey: 'not-a-key' } } });
		const node = await post(settings.actions, 'node', [
			['pubkey', 'npub1nope'],
			['relays', 'wss://relay.example']
		]);
		expect(node).toMatchObject({ status: 400, data: { form: 'node', problem: { field: 'pubkey' }, values: { pubkey: 'npub1nope', relays: 'wss://relay.example', useNodeRelayList: '' } } });
	});

	it('Settings → LND: the socket and certificate come back, the macaroon never does', async () => {
		const secret = 'ab'.repeat(40);
		for (const action of ['lnd', 'lndTest']) {
			const refused = await post(settings.actions, action, [
				['socket', 'not a socket'],
				['cert', ''],
				['macaroon', secret]
			]);
			expect(refused).toMatchObject({ status: 400, data: { form: 'lnd', problem: { field: 'socket' }, values: { socket: 'not a socket', cert: '' } } });
			expect(JSON.stringify(refused)).not.toContain(secret);
		}
	});

	it('Settings → Webhooks: the new endpoint form keeps its URL and events', async () => {
		const refused = await post(
			webhooks.actions,
			'create',
			[
				['url', 'https://hooks.invalid/x'],
				['enabled', 'on']
			],
			'/settings/webhooks'
		);
		expect(refused).toMatchObject({ status: 400, data: { form: 'new', problem: { field: 'events' }, values: { url: 'https://hooks.invalid/x', events: '', enabled: 'on' } } });
		const created = (await post(
			webhooks.actions,
			'create',
			[
				['url', 'https://hooks.invalid/y'],
				['events', 'dispute.new']
			],
			'/settings/webhooks'
		)) as unknown as { created: { id: number } };
		const update = await post(
			webhooks.actions,
			'update',
			[
				['id', String(created.created.id)],
				['url', 'ftp://hooks.invalid/y'],
				['events', 'dispute.new']
			],
			'/settings/webhooks'
		);
		expect(update).toMatchObject({ data: { form: `endpoint-${created.created.id}`, problem: { field: 'url' }, values: { url: 'ftp://hooks.invalid/y', events: 'dispute.new' } } });
	});

	it('Account: theme, npub, quiet hours and token name; passwords and codes never come back', async () => {
		expect(await post(account.actions, 'theme', [['theme', 'purple']], '/account')).toMatchObject({ status: 400, data: { form: 'theme', problem: { field: 'theme' } } });
		expect(await post(account.actions, 'npubCode', [['npub', 'npub1nope']], '/account')).toMatchObject({ status: 400, data: { form: 'npubCode', problem: { field: 'npub' }, values: { npub: 'npub1nope' } } });
		const quiet = await post(
			account.actions,
			'notificationChoices',
			[
				['kinds', 'dispute_new'],
				['quietStart', '25:99'],
				['quietEnd', '07:00']
			],
			'/account'
		);
		expect(quiet).toMatchObject({ status: 400, data: { form: 'notificationChoices', problem: { field: 'quietStart' }, values: { quietStart: '25:99', quietEnd: '07:00', kinds: 'dispute_new' } } });
		const token = await post(
			account.actions,
			'createToken',
			[
				['name', 'ci'],
				['current', 'wrong password 123']
			],
			'/account'
		);
		expect(token).toMatchObject({ data: { form: 'createToken', problem: { field: 'current' }, values: { name: 'ci' } } });
		expect(JSON.stringify(token)).not.toContain('wrong password 123');
	});

	it('Account → password and two-factor', async () => {
		const mismatch = await post(
			password.actions,
			'default',
			[
				['current', 'old password 1234'],
				['password', 'new password 12345'],
				['confirm', 'other password 123']
			],
			'/account/password'
		);
		expect(mismatch).toMatchObject({ status: 400, data: { form: 'password', problem: { field: 'confirm' }, values: {} } });
		expect(JSON.stringify(mismatch)).not.toMatch(/password 12345|password 123/);
		const badKey = await post(
			twoFactor.actions,
			'default',
			[
				['key', 'short'],
				['current', 'x'],
				['code', '123456']
			],
			'/account/two-factor'
		);
		expect(badKey).toMatchObject({ status: 400, data: { form: 'twoFactor', problem: { field: null }, values: {} } });
	});
});
