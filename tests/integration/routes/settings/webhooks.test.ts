// The Settings → Webhooks page through the real runtime (issue 19): an operator adds an endpoint
// and sees its secret once (never again in the page data), a URL outside the rules comes back as a
// form problem, "send test" answers with the attempt and logs it, and a mediator is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm, startRouteRuntime, type RouteRuntime } from '../../../helpers/route-runtime.ts';
import { actions, load } from '../../../../src/routes/(console)/settings/webhooks/+page.server.ts';

type Action = (event: never) => Promise<unknown>;

describe('Settings → Webhooks', () => {
	let world: RouteRuntime;
	let operator: App.Locals;
	let mediator: App.Locals;

	const post = (action: keyof typeof actions, locals: App.Locals, fields: Array<[string, string]>) => postForm(actions, action, locals, fields, '/settings/webhooks');

	const pageData = (locals: App.Locals) => (load as unknown as Action)({ locals } as never) as Promise<Record<string, unknown>>;

	beforeAll(async () => {
		world = await startRouteRuntime('webhook-route', { MEDIATOR_WEBHOOK_HOSTS: 'hooks.invalid' });
		operator = await world.signedIn('olga', 'operator');
		mediator = await world.signedIn('mia', 'mediator');
	});
	afterAll(() => world.close());

	it('adds an endpoint and shows its secret once', async () => {
		const result = (await post('create', operator, [
			['url', 'https://hooks.invalid/mediator'],
			['events', 'dispute.new'],
			['events', 'dispute.takeover'],
			['enabled', 'on']
		])) as { created: { id: number; secret: string } };
		expect(result.created.secret).toMatch(/^whsec_/);
		const data = await pageData(operator);
		expect(data.endpoints).toMatchObject([{ id: result.created.id, url: 'https://hooks.invalid/mediator', events: ['dispute.new', 'dispute.takeover'], enabled: true }]);
		expect(data.allowedHosts).toEqual(['hooks.invalid']);
		expect(JSON.stringify(data)).not.toContain(result.created.secret);
	});

	it('returns a refused URL as a form problem on the url field', async () => {
		const result = (await post('create', operator, [
			['url', 'http://hooks.invalid/x'],
			['events', 'dispute.new']
		])) as { status: number; data: { problem: { field: string; message: string } } };
		expect(result.status).toBe(403);
		expect(result.data.problem).toMatchObject({ field: 'url', message: 'Webhooks are sent over https only.' });
		const other = (await post('create', operator, [
			['url', 'https://elsewhere.example/x'],
			['events', 'dispute.new']
		])) as { data: { problem: { message: string } } };
		expect(other.data.problem.message).toContain('elsewhere.example');
	});

	it('sends a test and shows the attempt in the log', async () => {
		const [endpoint] = (await pageData(operator)).endpoints as Array<{ id: number }>;
		const result = (await post('test', operator, [['id', String(endpoint?.id)]])) as { tested: { status: number | null; error: string | null } };
		// Nothing answers for hooks.invalid: the attempt fails and is logged, not retried.
		expect(result.tested.status).toBeNull();
		expect(result.tested.error).not.toBeNull();
		const data = await pageData(operator);
		expect(data.log).toMatchObject([{ event: 'webhook.test', attempt: 1, state: 'failed', error: result.tested.error }]);
		expect(data.pending).toBe(0);
	});

	it('refuses a mediator', async () => {
		await expect(pageData(mediator)).rejects.toMatchObject({ status: 403 });
		await expect(
			post('create', mediator, [
				['url', 'https://hooks.invalid/x'],
				['events', 'dispute.new']
			])
		).rejects.toMatchObject({ status: 403 });
	});
});
