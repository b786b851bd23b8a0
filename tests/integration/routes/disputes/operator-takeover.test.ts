// The case page's operator-route action through the real runtime: only an operator
// (`manage_solvers`) may post it; an operator's post without an open operator-route offer is a
// typed refusal shown as the form's problem, and nothing reaches the action journal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouteRuntime, type RouteRuntime } from '../../../helpers/route-runtime.ts';
import { actions } from '../../../../src/routes/(console)/disputes/[id]/+page.server.ts';

const DISPUTE = 'd-operator-route';

function post(locals: App.Locals, fields: Array<[string, string]>): Promise<unknown> {
	const body = new FormData();
	for (const [name, value] of fields) body.append(name, value);
	const request = new Request(`http://127.0.0.1/disputes/${DISPUTE}?/operatorTakeover`, { method: 'POST', body });
	return (actions.operatorTakeover as (event: never) => Promise<unknown>)({ request, locals, params: { id: DISPUTE } } as never);
}

describe('the operator route action', () => {
	let world: RouteRuntime;

	beforeAll(async () => {
		world = await startRouteRuntime('operator-route');
		await world.runtime.db
			.insertInto('disputes')
			.values({ id: DISPUTE, status: 'in-progress', opened_at: 1, first_seen_at: 1, revision_at: 1, revision_event_id: 'e'.repeat(64), updated_at: 1 })
			.execute();
	});
	afterAll(() => world?.close());

	it('is for operators only', async () => {
		const mediator = await world.signedIn('mara', 'mediator');
		await expect(post(mediator, [['handoverId', '1']])).rejects.toMatchObject({ status: 403 });
	});

	it('refuses without an open operator-route offer, sending nothing', async () => {
		const operator = await world.signedIn('olga', 'operator');
		const result = (await post(operator, [['handoverId', '7']])) as { status: number; data: { problem: { message: string } } };
		expect(result.data.problem.message).toBe('There is no open hand-over for the operator route on this case.');
		const bad = (await post(operator, [['handoverId', 'x']])) as { status: number; data: { problem: { message: string } } };
		expect(bad.data.problem.message).toBe('There is no open hand-over for the operator route on this case.');
		expect(await world.runtime.db.selectFrom('action_journal').select('id').execute()).toEqual([]);
	});
});
