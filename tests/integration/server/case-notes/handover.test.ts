// Hand-over against the node double (issue 17; MOSTROD.md §2.2): a read-only holder hands the
// case to a read-write colleague, who sees it as handed to them on the board and on their shift
// and takes it with a normal take through the action journal; the offer is then taken, the one
// who handed it on sees who holds it, and everything is audited. Between two read-write solvers
// the console goes the operator route with the reason, and the colleague's take is refused
// before anything is sent. Also run on PostgreSQL (npm run test:pg), with the note search.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { assessTake, executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { latestHandover, listHandoverCandidates, offerHandover, withdrawHandover } from '../../../../src/lib/server/case-notes/handovers.ts';
import { loadCaseTeam } from '../../../../src/lib/server/case-notes/case-team-view.ts';
import { listBoard, parseBoardQuery } from '../../../../src/lib/server/cases/board-query.ts';
import { listShift } from '../../../../src/lib/server/cases/shift-query.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { addCaseNote } from '../../../../src/lib/server/case-notes/case-notes.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { testKey } from '../../sim/mostrod/client.ts';

describe('handing a case over', () => {
	let world: ConsoleWorld;
	const buyer = testKey('handover-buyer');
	const seller = testKey('handover-seller');

	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion: 2, strictMessageVersion: true });
	});
	afterEach(() => world.stop());

	async function openDispute() {
		const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: buyer.pk, sellerPubkey: seller.pk, amount: 40_000, fiatCode: 'ARS', fiatAmount: 30_000 });
		const dispute = await world.node.openDispute(order.id, 'buyer');
		await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute in the console');
		return dispute.id;
	}

	async function registered(name: string, permission: 'read' | 'read-write') {
		const user = await world.addMediator(name);
		expect((await executeAddSolver(world.services, world.operator, user.id, { permission, nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		return user;
	}

	it('prepares the take for a read-write colleague over a read-only holder, who takes it', async () => {
		const ana = await registered('ana', 'read');
		const ben = await registered('ben', 'read-write');
		const reader = await registered('rosa', 'read');
		await insertUser(world.database.db, { name: 'nokey', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
		await insertUser(world.database.db, { name: 'auditor', role: 'auditor', passwordHash: 'x', mustChangePassword: false }, Date.now());
		const disputeId = await openDispute();
		expect((await executeTake(world.services, ana, disputeId, { confirmedTakeover: false })).state).toBe('acknowledged');

		const candidates = await listHandoverCandidates(world.services, ana.id, disputeId);
		expect(Object.fromEntries(candidates.map((c) => [c.name, c.route]))).toEqual({
			ben: { route: 'solver' },
			rosa: { route: 'operator', refusal: 'read_over_anyone' },
			nokey: { route: 'operator', refusal: 'no_solver_key' },
			// The console's operator is registered read-write in this world.
			[world.operator.name]: expect.objectContaining({ route: expect.any(String) })
		});
		// Only the holder may hand it over.
		await expect(offerHandover(world.services, reader, disputeId, { toUserId: ben.id, note: '' })).rejects.toMatchObject({ messageKey: 'handover.error.not_holder' });

		// A private note, found by the board's search in either dialect (LIKE with a literal %).
		await addCaseNote(world.services, ana, disputeId, { body: 'Seller claims 100% of the PIX arrived' });
		const found = await listBoard(world.database.db, parseBoardQuery(new URLSearchParams({ q: '100% of the pix' })), ben.id);
		expect(found.rows.map((row) => row.id)).toEqual([disputeId]);
		expect((await listBoard(world.database.db, parseBoardQuery(new URLSearchParams({ q: '1_0%' })), ben.id)).rows).toEqual([]);

		const changes: string[] = [];
		world.services.events.on('HandoverChanged', ({ state, toUserId }) => void changes.push(`${state}:${toUserId}`));
		const offer = await offerHandover(world.services, ana, disputeId, { toUserId: ben.id, note: 'Seller sent the receipt; check the bank name.' });
		expect(offer).toMatchObject({ state: 'offered', fromName: 'ana', toName: 'ben', route: { route: 'solver' } });
		const benBoard = await listBoard(world.database.db, parseBoardQuery(new URLSearchParams()), ben.id);
		expect(benBoard.rows.find((row) => row.id === disputeId)?.handedToMe).toBe(true);
		const anaBoard = await listBoard(world.database.db, parseBoardQuery(new URLSearchParams()), ana.id);
		expect(anaBoard.rows.find((row) => row.id === disputeId)?.handedToMe).toBe(false);
		expect((await listShift(world.database.db, ben.id, { mayReview: true })).map((row) => [row.id, row.reason])).toEqual([[disputeId, 'handed']]);
		expect(await loadCaseTeam(world.services, ben, disputeId, ana.id)).toMatchObject({ handedToMe: true, open: { note: 'Seller sent the receipt; check the bank name.' } });

		// Ben's take is a normal take (a takeover of a read-only colleague) through the journal.
		expect(await assessTake(world.services, ben.id, disputeId)).toMatchObject({ allowed: true, kind: 'takeover' });
		expect((await executeTake(world.services, ben, disputeId, { confirmedTakeover: true })).state).toBe('acknowledged');
		expect(world.node.dispute(disputeId)?.solverPubkey).toBe(ben.pubkey);
		expect(await latestHandover(world.database.db, disputeId)).toMatchObject({ state: 'taken', toUserId: ben.id });
		// Each change is a domain event after its commit (the case pages follow it live).
		await waitFor(() => changes.length === 2, 'the hand-over events');
		expect(changes).toEqual([`offered:${ben.id}`, `taken:${ben.id}`]);
		const anaView = await loadCaseTeam(world.services, ana, disputeId, ben.id);
		expect(anaView).toMatchObject({ handedOnTo: 'ben', open: null, candidates: [] });
		expect((await listShift(world.database.db, ben.id, { mayReview: true })).map((row) => row.reason)).toEqual(['held']);
		expect(await listShift(world.database.db, ana.id, { mayReview: true })).toEqual([]);
		const journal = await world.database.db.selectFrom('action_journal').select(['action', 'actor_user_id', 'state']).where('dispute_id', '=', disputeId).execute();
		expect(journal).toContainEqual({ action: 'admin-take-dispute', actor_user_id: ben.id, state: 'acknowledged' });
		const audit = await world.database.db.selectFrom('audit_log').select(['action', 'details']).where('subject', '=', `dispute:${disputeId}`).execute();
		expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['dispute.handover_offered', 'dispute.takeover', 'dispute.handover_taken']));
		expect(JSON.parse(audit.find((a) => a.action === 'dispute.handover_offered')!.details)).toMatchObject({ to: 'ben', route: 'solver', note: 'Seller sent the receipt; check the bank name.' });
	});

	it('goes the operator route between two read-write solvers, and can be withdrawn', async () => {
		const walt = await registered('walt', 'read-write');
		const wendy = await registered('wendy', 'read-write');
		const disputeId = await openDispute();
		expect((await executeTake(world.services, walt, disputeId, { confirmedTakeover: false })).state).toBe('acknowledged');
		const offer = await offerHandover(world.services, walt, disputeId, { toUserId: wendy.id, note: 'Going off shift' });
		expect(offer.route).toEqual({ route: 'operator', refusal: 'rw_over_rw' });
		// The daemon would answer CantDo invalid_pubkey: the console refuses before sending.
		await expect(executeTake(world.services, wendy, disputeId, { confirmedTakeover: true })).rejects.toMatchObject({ messageKey: 'take.refused.rw_over_rw' });
		expect(await world.database.db.selectFrom('action_journal').select('actor_user_id').where('dispute_id', '=', disputeId).where('actor_user_id', '=', wendy.id).execute()).toEqual([]);
		expect(await loadCaseTeam(world.services, wendy, disputeId, walt.id)).toMatchObject({ handedToMe: true, open: { route: { route: 'operator', refusal: 'rw_over_rw' } } });
		// It waits on the operators' shift, not on a mediator's.
		expect((await listShift(world.database.db, world.operator.userId, { mayReview: true, operatorRoute: true })).map((row) => [row.id, row.reason])).toEqual([[disputeId, 'operator']]);
		expect((await listShift(world.database.db, wendy.id, { mayReview: true })).map((row) => [row.id, row.reason])).toEqual([[disputeId, 'handed']]);
		await withdrawHandover(world.services, walt, disputeId);
		expect(await listShift(world.database.db, world.operator.userId, { mayReview: true, operatorRoute: true })).toEqual([]);
		expect(await latestHandover(world.database.db, disputeId)).toMatchObject({ state: 'withdrawn' });
		await expect(withdrawHandover(world.services, walt, disputeId)).rejects.toMatchObject({ messageKey: 'handover.error.none_open' });
		const actions = (await world.database.db.selectFrom('audit_log').select('action').where('subject', '=', `dispute:${disputeId}`).execute()).map((a) => a.action);
		expect(actions).toEqual(expect.arrayContaining(['dispute.handover_offered', 'dispute.handover_withdrawn']));
	});
});
