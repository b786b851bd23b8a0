// Transport choice against a v0.19 node double (UPSTREAM-0.19.md §2.1): an info event without
// protocol_version from mostrod 0.19 still means v2 (a gift wrap would only get silence), the
// reason is what Settings shows, and a gift-wrapped request to a 0.19 node is explained.
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { explainSilence, getInstanceInfo } from '../../../../src/lib/server/mostro/instance-info-repository.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { testKey } from '../../sim/mostrod/client.ts';

describe('transport on a v0.19 node', () => {
	let world: ConsoleWorld;
	afterEach(() => world.stop());

	it('no protocol_version tag + mostrod 0.19 → v2: the take is answered, Settings says why', async () => {
		world = await startConsoleWorld({ version: '0.19.2', infoProtocolVersionTag: null });
		const info = await getInstanceInfo(world.database.db, world.node.pubkey);
		expect(info).toMatchObject({ protocolVersionRaw: null, protocolVersion: 2, transportReason: 'v019_default' });
		const alice = await world.addMediator('alice');
		expect((await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: testKey('t-b').pk, sellerPubkey: testKey('t-s').pk, amount: 50_000, fiatCode: 'VES', fiatAmount: 1200 });
		const dispute = await world.node.openDispute(order.id, 'buyer');
		await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute in the console');
		expect((await executeTake(world.services, alice, dispute.id, { confirmedTakeover: false })).state).toBe('acknowledged');
		expect(await explainSilence(world.database.db, world.node.pubkey, 2)).toBeNull();
		expect(await explainSilence(world.database.db, world.node.pubkey, 1)).toBe('v1_removed');
	});

	it('an older node without the tag keeps gift wrap, and its silence is not blamed on v0.19', async () => {
		world = await startConsoleWorld({ version: '0.17.4', protocolVersion: 1, infoProtocolVersionTag: null });
		expect(await getInstanceInfo(world.database.db, world.node.pubkey)).toMatchObject({ protocolVersion: 1, transportReason: 'no_protocol_tag' });
		expect(await explainSilence(world.database.db, world.node.pubkey, 1)).toBeNull();
	});
});
