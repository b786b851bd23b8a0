// Maintenance mode of a v0.19 node (UPSTREAM-0.19.md §3, §7): the console follows the 38385
// `maintenance_mode` tag (what the banner shows), both ways, and announces the change live.
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { isNodeInMaintenance } from '../../../../src/lib/server/mostro/instance-info-repository.ts';

describe('node maintenance mode', () => {
	let world: ConsoleWorld;
	afterEach(() => world.stop());

	it('follows the maintenance_mode tag on and off, with a live instance message', async () => {
		world = await startConsoleWorld({ version: '0.19', infoIntervalMs: 0 });
		expect(await isNodeInMaintenance(world.database.db, world.node.pubkey)).toBe(false);
		const seen: Array<Record<string, unknown>> = [];
		world.services.live.subscribe((m) => {
			if (m.topic === 'instance') seen.push(m.data);
		});
		await world.node.setMaintenanceMode(true);
		await waitFor(() => isNodeInMaintenance(world.database.db, world.node.pubkey), 'maintenance on');
		expect(seen.at(-1)).toMatchObject({ maintenance: true });
		await world.node.setMaintenanceMode(false);
		await waitFor(async () => !(await isNodeInMaintenance(world.database.db, world.node.pubkey)), 'maintenance off');
	});

	it('an older node without the tag is not in maintenance', async () => {
		world = await startConsoleWorld({ version: '0.18.5' });
		expect(await isNodeInMaintenance(world.database.db, world.node.pubkey)).toBe(false);
		expect(await isNodeInMaintenance(world.database.db, null)).toBe(false);
	});
});
