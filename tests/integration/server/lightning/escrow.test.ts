// Escrow verification against the LND double: "not verified" without LND, test connection,
// an accepted hold invoice's countdown from the double's block height, blocks moving it, and
// the invoice settled or canceled after a decision; the view (a page's GET) only reads the
// stored check: it never calls LND, writes or publishes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { decisionInput, registeredMediator, takenDispute } from '../../../helpers/decision-world.ts';
import { decide } from '../../../../src/lib/server/mostro/actions/decide.ts';
import { loadEscrowView } from '../../../../src/lib/server/lightning/escrow-view.ts';
import { refreshEscrow, testLndConnection } from '../../../../src/lib/server/lightning/escrow.ts';
import { lndSettingsView, parseLndCredentials, saveLndCredentials } from '../../../../src/lib/server/lightning/lnd-settings.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';

describe('escrow verification against the LND double', () => {
	let world: ConsoleWorld;

	beforeAll(async () => {
		world = await startConsoleWorld({ protocolVersion: 2 });
	});
	afterAll(() => world.stop());

	const escrowState = async (disputeId: string) => (await world.database.db.selectFrom('escrow_checks').select('state').where('dispute_id', '=', disputeId).executeTakeFirst())?.state;

	it('shows the escrow as not verified without LND, and keeps working', async () => {
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const { disputeId } = await takenDispute(world, alice, { buyer: testKey('e-b0'), seller: testKey('e-s0') });
		expect(await loadEscrowView(world.services.escrow, disputeId)).toEqual({ verified: false, reason: 'no_lnd', error: null });
		expect(await refreshEscrow(world.services.escrow, disputeId)).toBeNull();
	});

	it('tests the connection and stores the credentials sealed', async () => {
		const credentials = parseLndCredentials({ socket: world.lnd.socket, cert: world.lnd.cert, macaroon: world.lnd.macaroon });
		const node = await testLndConnection(credentials);
		expect(node).toMatchObject({ alias: 'lnd-double', blockHeight: world.lnd.height(), pubkey: world.lnd.pubkey });
		await saveLndCredentials(world.database.db, world.services.sealer, personActor({ id: world.operator.id, name: 'olga', role: 'operator' }), credentials);
		const stored = await world.database.db.selectFrom('settings').select('value').where('key', '=', 'lnd_connection').executeTakeFirstOrThrow();
		expect(stored.value).not.toContain(world.lnd.macaroon);
		expect(await lndSettingsView(world.database.db, world.services.sealer)).toEqual({ source: 'settings', socket: world.lnd.socket });
		await expect(testLndConnection({ ...credentials, macaroon: '00'.repeat(40) })).rejects.toMatchObject({ messageKey: 'lnd.error.unreachable' });
	});

	it('counts down from the HTLC expiry height, moves with new blocks, and confirms the settle', async () => {
		const alice = await registeredMediator(world, 'amy', 'read-write');
		const { disputeId, orderId, hash } = await takenDispute(world, alice, { buyer: testKey('e-b1'), seller: testKey('e-s1') });
		await waitFor(async () => (await escrowState(disputeId)) === 'accepted', 'the escrow check after the take');
		const expiry = world.lnd.invoice(hash)?.htlcs[0]?.expiryHeight ?? 0;
		const view = await loadEscrowView(world.services.escrow, disputeId);
		expect(view).toMatchObject({ verified: true, state: 'accepted', expiryHeight: expiry, blockHeight: world.lnd.height(), paymentHash: hash });
		if (!view.verified || !view.deadline) throw new Error('no deadline');
		expect(view.deadline.blocksLeft).toBe(expiry - world.lnd.height());
		expect(view.deadline.marginBlocksLeft).toBe(view.deadline.blocksLeft - 24);
		expect(view.deadline.hoursLeft).toBeCloseTo((view.deadline.blocksLeft * 10) / 60, 1);
		const before = (await world.database.db.selectFrom('disputes').select('escrow_deadline').where('id', '=', disputeId).executeTakeFirstOrThrow()).escrow_deadline ?? 0;
		world.lnd.mineBlocks(120);
		const later = await refreshEscrow(world.services.escrow, disputeId);
		expect(later).toMatchObject({ state: 'accepted', blockHeight: world.lnd.height() });
		const after = await loadEscrowView(world.services.escrow, disputeId);
		if (!after.verified || !after.deadline) throw new Error('no deadline');
		expect(after.deadline.blocksLeft).toBe(view.deadline.blocksLeft - 120);
		expect(after.deadline.warning).toBe(true);
		const moved = (await world.database.db.selectFrom('disputes').select('escrow_deadline').where('id', '=', disputeId).executeTakeFirstOrThrow()).escrow_deadline ?? 0;
		expect(before - moved).toBeGreaterThan(119 * 600 - 5);
		expect(await decide(world.services, alice, disputeId, decisionInput(orderId, 'settle'))).toMatchObject({ outcome: { state: 'acknowledged' } });
		await waitFor(async () => (await escrowState(disputeId)) === 'settled', 'the settled invoice');
		expect((await world.database.db.selectFrom('disputes').select('escrow_deadline').where('id', '=', disputeId).executeTakeFirstOrThrow()).escrow_deadline).toBeNull();
	});

	it('confirms the cancel', async () => {
		const alice = await registeredMediator(world, 'ann', 'read-write');
		const { disputeId, orderId } = await takenDispute(world, alice, { buyer: testKey('e-b2'), seller: testKey('e-s2') });
		expect(await decide(world.services, alice, disputeId, decisionInput(orderId, 'cancel'))).toMatchObject({ outcome: { state: 'acknowledged' } });
		await waitFor(async () => (await escrowState(disputeId)) === 'canceled', 'the canceled invoice');
	});

	it('shows the stored check with its age and never calls LND, writes or publishes when read', async () => {
		const alice = await registeredMediator(world, 'ava', 'read-write');
		const { disputeId } = await takenDispute(world, alice, { buyer: testKey('e-b3'), seller: testKey('e-s3') });
		// The take's event triggers the first check: it exists by the time a mediator looks.
		await waitFor(async () => (await escrowState(disputeId)) === 'accepted', 'the escrow check after the take');
		await world.services.events.settled();
		const stored = await world.database.db.selectFrom('escrow_checks').selectAll().where('dispute_id', '=', disputeId).executeTakeFirstOrThrow();
		world.lnd.mineBlocks(6);
		const published: string[] = [];
		const stop = world.services.live.subscribe((message) => void published.push(message.topic));
		const minuteLater = stored.checked_at + 60_000;
		const view = await loadEscrowView(world.services.escrow, disputeId, minuteLater);
		stop();
		expect(view).toMatchObject({ verified: true, state: 'accepted', blockHeight: stored.block_height, checkedAt: stored.checked_at, ageMs: 60_000 });
		expect(await world.database.db.selectFrom('escrow_checks').selectAll().where('dispute_id', '=', disputeId).executeTakeFirstOrThrow()).toEqual(stored);
		expect(published).toEqual([]);
		// An explicit re-check (event or schedule) is what moves it.
		await refreshEscrow(world.services.escrow, disputeId);
		expect(await loadEscrowView(world.services.escrow, disputeId)).toMatchObject({ verified: true, blockHeight: world.lnd.height() });
	});
});
