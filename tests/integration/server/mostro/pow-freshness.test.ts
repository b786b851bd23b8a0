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
			const outcome = await executeAddSolver(world.services, world.operator, { userId: user.id, permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
			expect(skewMs).toBe(38_000);
			expect(outcome.state).toBe('acknowledged');
			expect(world.node.user(user.pubkey)).toMatchObject({ isSolver: true, category: 2 });
		});
	});
}
