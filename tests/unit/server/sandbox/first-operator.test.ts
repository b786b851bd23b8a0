// The first operator's sandbox solver key against a real node double over the embedded relay:
// created with origin `sandbox` and registered read-write through admin-add-solver in the
// sandbox; never touched outside it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { parseConfig } from '../../../../src/lib/server/config.ts';
import { sandboxEnvironment } from '../../../../src/lib/server/sandbox/launch.ts';
import { provisionSandboxSolver } from '../../../../src/lib/server/sandbox/first-operator.ts';
import { getSolverKey } from '../../../../src/lib/server/vault/solver-keys.ts';
import { toHex } from '../../../../src/lib/protocol/keys.ts';

describe('the first operator in the sandbox', () => {
	let world: ConsoleWorld;
	beforeEach(async () => {
		world = await startConsoleWorld();
	});
	afterEach(() => world.stop());

	const sandboxConfigFor = (w: ConsoleWorld) =>
		parseConfig(sandboxEnvironment({ relayUrl: w.relay.url, nodePubkey: w.node.pubkey, nodeSecretKey: toHex(w.node.secretKey), controlUrl: 'http://127.0.0.1:41000', blobUrl: 'http://127.0.0.1:41001' }));

	it('gets a sandbox solver key registered read-write on the node', async () => {
		const result = await provisionSandboxSolver({ ...world.services, config: sandboxConfigFor(world) }, world.operator, 10_000);
		expect(result).toBe('acknowledged');
		const key = await getSolverKey(world.database.db, world.operator.id);
		expect(key).toMatchObject({ permission: 'read-write', registration_state: 'acknowledged' });
		const row = await world.database.db.selectFrom('solver_keys').select('origin').where('user_id', '=', world.operator.id).executeTakeFirst();
		expect(row?.origin).toBe('sandbox');
		expect(world.node.user(key!.pubkey)).toMatchObject({ isSolver: true });
	});

	it('does not hold the redirect for long: the registration finishes in the background', async () => {
		const result = await provisionSandboxSolver({ ...world.services, config: sandboxConfigFor(world) }, world.operator, 0);
		expect(['pending', 'acknowledged']).toContain(result);
		await waitFor(async () => (await getSolverKey(world.database.db, world.operator.id))?.registration_state === 'acknowledged' || null, 'the acknowledgement');
	});

	it('never runs outside the sandbox', async () => {
		for (const config of [parseConfig({}), parseConfig({ MOSTRO_PUBKEY: world.node.pubkey, MOSTRO_RELAYS: world.relay.url })]) {
			expect(await provisionSandboxSolver({ ...world.services, config }, world.operator)).toBe('skipped');
		}
		expect(await getSolverKey(world.database.db, world.operator.id)).toBeNull();
		expect(await world.database.db.selectFrom('audit_log').select('action').where('action', 'like', 'solver_key.%').execute()).toEqual([]);
	});

	it('does not fail setup when something goes wrong; it only reports it', async () => {
		const config = sandboxConfigFor(world);
		await provisionSandboxSolver({ ...world.services, config }, world.operator, 10_000);
		expect(await provisionSandboxSolver({ ...world.services, config }, world.operator, 10_000)).toBe('failed');
	});
});
