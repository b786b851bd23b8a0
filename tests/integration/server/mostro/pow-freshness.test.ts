// Proof of work must not make requests stale (issue 18 defect 4; PROTOCOL.md §2.5, §8 #13): the
// node double drops requests older than 10 s as the daemon does. A long mining round is
// simulated by moving the shared clock (Date.now and performance.now) 38 s forward the first
// time the miner reads its clock; the request must still reach the node fresh.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';

for (const protocolVersion of [2, 1] as const) {
	describe(`proof of work freshness over transport v${protocolVersion}`, () => {
		let world: ConsoleWorld;
		afterEach(async () => {
			vi.restoreAllMocks();
			await world.stop();
		});

		it('a request whose mining outlasts the node freshness window is re-stamped and answered', async () => {
			let skewMs = 0;
			world = await startConsoleWorld({ protocolVersion, pow: 4, powFirstContact: 4, clock: () => Date.now() });
			const user = await world.addMediator('miner');
			const realNow = Date.now.bind(Date);
			const realPerf = performance.now.bind(performance);
			let armed = false;
			vi.spyOn(Date, 'now').mockImplementation(() => realNow() + skewMs);
			vi.spyOn(performance, 'now').mockImplementation(() => {
				if (armed) {
					armed = false;
					skewMs += 38_000;
				}
				return realPerf() + skewMs;
			});
			armed = true;
			const outcome = await executeAddSolver(world.services, world.operator, user.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
			expect(skewMs).toBe(38_000);
			expect(outcome.state).toBe('acknowledged');
			expect(world.node.user(user.pubkey)).toMatchObject({ isSolver: true, category: 2 });
		});
	});
}

describe('first-contact proof of work a v2 node does not advertise (PROTOCOL.md §8 #13)', () => {
	let world: ConsoleWorld;
	afterEach(() => world.stop());

	it('a silent node gets one retry, a new request with more proof of work, and answers it', async () => {
		world = await startConsoleWorld({ protocolVersion: 2, pow: 0, powFirstContact: 12, advertisePowFirstContact: false }, 800);
		const user = await world.addMediator('first-contact');
		const outcome = await executeAddSolver(world.services, world.operator, user.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
		expect(outcome.state).toBe('acknowledged');
		const journal = await world.database.db.selectFrom('action_journal').selectAll().where('action', '=', 'admin-add-solver').orderBy('id').execute();
		expect(journal.map((row) => row.state)).toEqual(['no-answer', 'acknowledged']);
		expect(JSON.parse(journal[1]?.details ?? '{}')).toMatchObject({ retryOf: journal[0]?.request_id });
	});

	it('an advertised first-contact difficulty is mined at once; a node silent for other reasons is not retried', async () => {
		world = await startConsoleWorld({ protocolVersion: 2, pow: 0, powFirstContact: 12 }, 800);
		const user = await world.addMediator('advertised');
		const ok = await executeAddSolver(world.services, world.operator, user.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
		expect(ok.state).toBe('acknowledged');
		// The node drops a duplicate without a word.
		world.expectNoAnswer();
		const again = await executeAddSolver(world.services, world.operator, user.id, { permission: 'read', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
		expect(again.state).toBe('no-answer');
		await world.endSilence('admin-add-solver');
		const journal = await world.database.db.selectFrom('action_journal').select('state').where('action', '=', 'admin-add-solver').execute();
		expect(journal).toHaveLength(2);
	});
});
