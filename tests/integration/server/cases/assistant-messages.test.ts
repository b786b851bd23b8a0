// The node's assistant solver end to end over the embedded relay (UPSTREAM-0.19.md §8): the node
// double plays the assistant, takes a dispute over Nostr and writes our mediator `send-dm`
// messages; the console files them under the dispute, learns the assistant holds it, ignores the
// same text from any other author, and forgets the outside holder once a mediator takes over.
// On a node that does not announce it, the key configured in Settings is used.
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { publishToRelay } from '../../../helpers/node-events.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { getOutsideHolder, loadAssistantHolds } from '../../../../src/lib/server/cases/assistant-holder.ts';
import { listAssistantMessages } from '../../../../src/lib/server/cases/assistant-messages.ts';
import { encodeNpub, encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { getInstanceInfo } from '../../../../src/lib/server/mostro/instance-info-repository.ts';
import { resolveAssistantKey, setConfiguredAssistantKey } from '../../../../src/lib/server/mostro/assistant-key-setting.ts';
import { wrapV2 } from '../../../../src/lib/protocol/transport-v2.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';

const assistant = testKey('assistant-dm-solver');
const stranger = testKey('assistant-impostor');
const buyer = testKey('am-buyer');
const seller = testKey('am-seller');

describe('assistant solver messages', () => {
	let world: ConsoleWorld;
	afterEach(() => world.stop());

	it('files the assistant’s send-dm texts under the dispute, shows it as holder, and forgets it after a takeover', async () => {
		world = await startConsoleWorld({ version: '0.19.2', assistantSecretKey: assistant.sk });
		const alice = await world.addMediator('alice');
		expect((await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		await waitFor(() => world.services.assistant.assistantPubkey === assistant.pk || null, 'the assistant key from 38385');
		// A key configured for older nodes never overrides what the node announces.
		await setConfiguredAssistantKey(world.database, personActor({ id: world.operator.id, name: world.operator.name, role: 'operator' }), null, stranger.pk);
		expect(await resolveAssistantKey(world.database.db, world.node.pubkey)).toEqual({ pubkey: assistant.pk, source: 'node' });
		const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 50_000, fiatCode: 'VES', fiatAmount: 1200 });
		const dispute = await world.node.openDispute(order.id, 'buyer');
		await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute');

		const node = world.node.assistant;
		if (!node) throw new Error('the double plays no assistant');
		expect(await node.take(dispute.id, [alice.pubkey])).toBe(true);
		expect(await node.sendDm(alice.pubkey, dispute.id, 'handed off: conflicting_claims', '<b>Buyer</b> says paid.')).toBe(true);
		// The same subject line from another author is not the assistant's.
		const forged = wrapV2(
			{ variant: 'dm', kind: { version: 2, request_id: null, trade_index: null, id: dispute.id, action: 'send-dm', payload: { text_message: `Dispute ${dispute.id} · resolved: settled` } } },
			{ senderSecret: stranger.sk, recipientPubkey: alice.pubkey, now: Math.floor(Date.now() / 1000) }
		);
		await publishToRelay(world.relay.url, [forged]);

		await waitFor(async () => (await listAssistantMessages(world.database.db, dispute.id)).length === 2 || null, 'both assistant messages');
		const messages = await listAssistantMessages(world.database.db, dispute.id);
		expect(messages.map((m) => [m.kind, m.subject, m.body])).toEqual([
			['taken', 'taken by Serbero', 'Serbero took the dispute and is mediating with both parties.'],
			['handed-off', 'handed off: conflicting_claims', '<b>Buyer</b> says paid.']
		]);
		expect(messages.every((m) => m.senderPubkey === assistant.pk)).toBe(true);
		expect(await getOutsideHolder(world.database.db, dispute.id)).toMatchObject({ pubkey: assistant.pk, source: 'assistant_message' });
		await waitFor(async () => (await loadAssistantHolds(world.database.db, world.node.pubkey, [dispute.id])).held.has(dispute.id) || null, 'the assistant shown as holder');

		expect((await executeTake(world.services, alice, dispute.id, { confirmedTakeover: true })).state).toBe('acknowledged');
		expect(await getOutsideHolder(world.database.db, dispute.id)).toBeNull();
		expect((await loadAssistantHolds(world.database.db, world.node.pubkey, [dispute.id])).held.size).toBe(0);
		// The timeline keeps what the assistant wrote.
		expect(await listAssistantMessages(world.database.db, dispute.id)).toHaveLength(2);
	}, 60_000);
});

describe('assistant solver on a node that does not announce it', () => {
	let world: ConsoleWorld;
	afterEach(() => world.stop());

	it('follows the key the operator configured in Settings when the node does not announce one', async () => {
		world = await startConsoleWorld({ version: '0.18.5', assistantSecretKey: assistant.sk, assistantTag: false });
		const alice = await world.addMediator('alice');
		expect((await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		await waitFor(() => getInstanceInfo(world.database.db, world.node.pubkey), 'the instance info');
		expect(await resolveAssistantKey(world.database.db, world.node.pubkey)).toEqual({ pubkey: null, source: null });
		await expect(setConfiguredAssistantKey(world.database, personActor({ id: world.operator.id, name: world.operator.name, role: 'operator' }), null, 'not a key')).rejects.toMatchObject({ messageKey: 'settings.error.pubkey' });
		await setConfiguredAssistantKey(world.database, personActor({ id: world.operator.id, name: world.operator.name, role: 'operator' }), null, encodeNpub(assistant.pk));
		await world.services.assistant.refresh();
		expect(world.services.assistant.assistantPubkey).toBe(assistant.pk);

		const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 30_000 });
		const dispute = await world.node.openDispute(order.id, 'buyer');
		await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute');
		expect(await world.node.assistant?.take(dispute.id, [alice.pubkey])).toBe(true);
		await waitFor(async () => (await loadAssistantHolds(world.database.db, world.node.pubkey, [dispute.id])).held.has(dispute.id) || null, 'the assistant shown as holder');
		expect(await resolveAssistantKey(world.database.db, world.node.pubkey)).toEqual({ pubkey: assistant.pk, source: 'settings' });
	}, 60_000);
});
