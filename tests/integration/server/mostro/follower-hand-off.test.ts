// A replica that does not lead hands its actions to the leader through the journal (issue 20):
// here the console world's services lead and a second service set on the same database follows
// (`leads` false, no relay connection of its own). A take asked on the follower is published once
// by the leader and answered to the follower; a solver registration signed with a node key the
// leader cannot open from the vault is refused on the follower, one with the kept node key goes
// through the leader; a chat message written on the follower is stored there and published once by
// the leader. Runs on SQLite, and on PostgreSQL under `npm run test:pg`.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { openDispute } from '../../../helpers/decision-world.ts';
import { createMostroServices, type MostroServices } from '../../../../src/lib/server/mostro/services.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { buildChatChannel } from '../../../../src/lib/protocol/chat/keys.ts';
import { buildChatChannelView, unwrapChatMessage } from '../../../../src/lib/protocol/chat/unwrap.ts';
import { resendChatMessage } from '../../../../src/lib/server/mostro/dispute-chat/chat-resend.ts';
import { listChatMessages } from '../../../../src/lib/server/mostro/dispute-chat/chat-repository.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { testKey } from '../../sim/mostrod/client.ts';

describe('actions asked on a follower replica', () => {
	let world: ConsoleWorld;
	let follower: MostroServices;
	const parties = { buyer: testKey('fh-buyer'), seller: testKey('fh-seller') };

	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion: 2 });
		follower = createMostroServices(world.database.db, world.services.sealer, { replyTimeoutMs: 5000, leads: () => false });
	});
	afterEach(() => world.stop());

	it('publishes a take asked on the follower once, through the leader, and answers the follower', async () => {
		const alice = await world.addMediator('alice');
		expect((await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		const { disputeId } = await openDispute(world, parties);

		const outcome = await executeTake(follower, alice, disputeId, { confirmedTakeover: false });
		expect(outcome.state).toBe('acknowledged');
		const rows = await world.database.db.selectFrom('action_journal').selectAll().where('action', '=', 'admin-take-dispute').execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ state: 'acknowledged', claimed_by: world.services.handOff.term });
		expect(world.node.intake.filter((r) => r.action === 'admin-take-dispute').map((r) => r.eventId)).toEqual([rows[0]?.event_id]);
		expect(follower.engine.running).toBe(false);
		expect(await world.database.db.selectFrom('disputes').select('holder_user_id').where('id', '=', disputeId).executeTakeFirst()).toEqual({ holder_user_id: alice.id });
	});

	it('refuses a registration signed with a node key the leader cannot open, and relays one with the kept key', async () => {
		const bob = await world.addMediator('bob');
		const pasted = { permission: 'read-write' as const, nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false };
		await expect(executeAddSolver(follower, world.operator, bob.id, pasted)).rejects.toMatchObject({ messageKey: 'actions.error.key_not_shared' });
		expect(await world.database.db.selectFrom('action_journal').select('id').execute()).toEqual([]);

		expect((await executeAddSolver(follower, world.operator, bob.id, { ...pasted, keepNodeKey: true })).state).toBe('acknowledged');
		expect(world.node.intake.filter((r) => r.action === 'admin-add-solver')).toHaveLength(1);
	});

	it('withdraws a request no leader claims in time, and never sends it later', async () => {
		const alice = await world.addMediator('alice');
		expect((await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		const { disputeId } = await openDispute(world, parties);
		// The leader stops looking for handed-off requests (as while no replica leads).
		await world.services.handOff.stop();
		const alone = createMostroServices(world.database.db, world.services.sealer, { leads: () => false, handOffClaimWaitMs: 400 });

		await expect(executeTake(alone, alice, disputeId, { confirmedTakeover: false })).rejects.toMatchObject({ messageKey: 'actions.error.no_leader' });
		const [row] = await world.database.db.selectFrom('action_journal').selectAll().where('action', '=', 'admin-take-dispute').execute();
		expect(row).toMatchObject({ state: 'refused', reason: 'no_leader', claimed_by: null, event_id: null });
		const audit = (await world.database.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
		expect(audit).toContain('admin-take-dispute.withdrawn');
		// A leader relaying again leaves the withdrawn request alone.
		expect(await world.services.handOff.tick()).toBe(0);
		expect(world.node.intake.filter((r) => r.action === 'admin-take-dispute')).toEqual([]);
	});

	it('stores a chat message written on the follower and the leader publishes it once', async () => {
		const alice = await world.addMediator('alice');
		expect((await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		const { disputeId } = await openDispute(world, parties);
		expect((await executeTake(world.services, alice, disputeId, { confirmedTakeover: false })).state).toBe('acknowledged');

		// The follower's channels come from the database (it follows no relay).
		expect(await follower.chat.channel(disputeId, 'buyer')).not.toBeNull();
		const sent = await follower.chat.send(alice, disputeId, 'buyer', 'Hello from the other replica');
		expect(sent.receipts).toEqual([expect.objectContaining({ relay: world.relay.url, accepted: true })]);
		const buyerChannel = buildChatChannel(parties.buyer.sk, alice.pubkey);
		const found = (await world.services.engine.query([{ kinds: [14], '#p': [buyerChannel.convPubkey] }], 3000)).flatMap((r) => r.events);
		expect(found).toHaveLength(1);
		const opened = unwrapChatMessage(found[0], { channel: buildChatChannelView(buyerChannel.convSecret, buyerChannel.signPubkey), allowedSigners: new Set([alice.pubkey]), now: Math.floor(Date.now() / 1000) });
		expect(opened.ok && opened.inner.content).toBe('Hello from the other replica');
		const rows = (await listChatMessages(world.database.db, disputeId)).filter((m) => m.direction === 'out');
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ inner_id: sent.innerId, outgoing_event: null });
		// The leader's next rounds publish nothing again.
		await world.services.handOff.tick();
		expect((await world.services.engine.query([{ kinds: [14], '#p': [buyerChannel.convPubkey] }], 3000)).flatMap((r) => r.events)).toHaveLength(1);
	});
	it('sends again, through the leader, a message of ours no relay accepted, when asked on the follower', async () => {
		const alice = await world.addMediator('alice');
		expect((await executeAddSolver(world.services, world.operator, alice.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		const { disputeId } = await openDispute(world, parties);
		expect((await executeTake(world.services, alice, disputeId, { confirmedTakeover: false })).state).toBe('acknowledged');
		await waitFor(() => world.services.chat.channels.get(disputeId, 'buyer'), 'the leader’s chat channel');
		const sent = await world.services.chat.send(alice, disputeId, 'buyer', 'Please send the receipt');
		const buyerChannel = buildChatChannel(parties.buyer.sk, alice.pubkey);
		const onRelay = async () => (await world.services.engine.query([{ kinds: [14], '#p': [buyerChannel.convPubkey] }], 3000)).flatMap((r) => r.events);
		expect(await onRelay()).toHaveLength(1);
		// As if no relay had taken it: the stored receipts say none accepted it.
		await world.database.db.updateTable('chat_messages').set({ delivery: '[]' }).where('inner_id', '=', sent.innerId).execute();
		const row = (await listChatMessages(world.database.db, disputeId)).find((m) => m.inner_id === sent.innerId);
		expect(row).toBeDefined();
		const again = await resendChatMessage(follower, alice, disputeId, Number(row?.id));
		expect(again.receipts).toEqual([expect.objectContaining({ relay: world.relay.url, accepted: true })]);
		// The same signed event: the relay still holds one copy, and the row is one row.
		expect((await onRelay()).map((e) => (e as { id: string }).id)).toEqual([row?.outer_id]);
		expect((await listChatMessages(world.database.db, disputeId)).filter((m) => m.direction === 'out')).toHaveLength(1);
		const audit = await world.database.db.selectFrom('audit_log').select('action').where('action', '=', 'chat.message_resent').execute();
		expect(audit).toHaveLength(1);
	});
});
