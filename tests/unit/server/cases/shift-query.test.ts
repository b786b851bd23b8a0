// "My shift" (issue 17): the disputes I hold and those waiting on me, the most pressing first
// (a party replied since my last message, a colleague's proposal I may review, a hand-over to me,
// then the rest I hold), never a colleague's case that waits on nobody here, never a closed one.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { listShift } from '../../../../src/lib/server/cases/shift-query.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';

let database: OpenDatabase;
let me: number;
let colleague: number;

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function addDispute(n: number, status: string, holder: number | null, openedAt: number, deadline: number | null = null) {
	await database.db
		.insertInto('disputes')
		.values({ id: id(n), status, initiator: 'buyer', opened_at: openedAt, first_seen_at: 1, revision_at: 1, revision_event_id: id(n), holder_user_id: holder, escrow_deadline: deadline, updated_at: 1 })
		.execute();
}

let message = 0;
async function addMessage(n: number, direction: 'in' | 'out', sentAt: number, by: number | null) {
	message += 1;
	await database.db
		.insertInto('chat_messages')
		.values({
			dispute_id: id(n),
			party: 'buyer',
			direction,
			inner_id: `i${message}`,
			outer_id: `o${message}`,
			generation: 'current',
			author_pubkey: 'a'.repeat(64),
			content: 'hi',
			attachment: null,
			sent_at: sentAt,
			received_at: sentAt,
			read_at: null,
			sent_by_user_id: by
		})
		.execute();
}

async function addProposal(n: number, by: number, state: 'proposed' | 'rejected' = 'proposed') {
	await database.db
		.insertInto('decisions')
		.values({
			dispute_id: id(n),
			order_id: 'o',
			outcome: 'settle',
			slash_buyer: 0,
			slash_seller: 0,
			reason_code: 'r',
			justification: 'j',
			amount_sats: 1,
			state,
			proposed_by: by,
			proposed_at: 1,
			reviewed_by: null,
			reviewed_at: null,
			review_comment: null,
			executed_by_key: null,
			request_id: null,
			updated_at: 1
		})
		.execute();
}

async function addHandover(n: number, from: number, to: number, state = 'offered', route: 'solver' | 'operator' = 'solver') {
	await database.db
		.insertInto('case_handovers')
		.values({ dispute_id: id(n), from_user_id: from, to_user_id: to, note: 'over to you', route, refusal: route === 'operator' ? 'rw_over_rw' : null, state, created_at: 1 })
		.execute();
}

beforeEach(async () => {
	database = openTestDatabase();
	me = await insertUser(database.db, { name: 'me', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	colleague = await insertUser(database.db, { name: 'colleague', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
});
afterEach(() => database.close());

describe('my shift', () => {
	it('lists what needs me, most pressing first', async () => {
		await addDispute(1, 'in-progress', me, 100); // held, quiet
		await addDispute(2, 'in-progress', me, 300); // held, a party replied after my message
		await addMessage(2, 'out', 10, me);
		await addMessage(2, 'in', 20, null);
		await addDispute(3, 'in-progress', colleague, 200); // a colleague's proposal for me to review
		await addProposal(3, colleague);
		await addDispute(4, 'in-progress', colleague, 50); // handed to me
		await addHandover(4, colleague, me);
		await addDispute(5, 'in-progress', me, 90); // held, I answered the party last
		await addMessage(5, 'in', 10, null);
		await addMessage(5, 'out', 20, me);
		await addDispute(6, 'in-progress', colleague, 10); // a colleague's, waiting on nobody here
		await addDispute(7, 'settled', me, 5); // closed
		await addDispute(8, 'in-progress', me, 400, 5_000); // held, quiet, escrow deadline soon
		const shift = await listShift(database.db, me, { mayReview: true });
		expect(shift.map((row) => [row.id, row.reason])).toEqual([
			[id(2), 'replied'],
			[id(3), 'review'],
			[id(4), 'handed'],
			[id(8), 'held'],
			[id(5), 'held'],
			[id(1), 'held']
		]);
		expect(shift[0]).toMatchObject({ reasons: ['replied', 'held'], holderName: 'me', openedAt: 300_000 });
		expect(shift[2]).toMatchObject({ holderName: 'colleague', reasons: ['handed'] });
	});

	it('does not count my own proposal, a settled hand-over or another person’s last message', async () => {
		await addDispute(1, 'in-progress', colleague, 100);
		await addProposal(1, me);
		await addDispute(2, 'in-progress', colleague, 100);
		await addHandover(2, colleague, me, 'withdrawn');
		await addDispute(3, 'in-progress', me, 100);
		// A colleague who held it before wrote after the party: the party still waits for me.
		await addMessage(3, 'in', 10, null);
		await addMessage(3, 'out', 20, colleague);
		expect((await listShift(database.db, me, { mayReview: true })).map((row) => [row.id, row.reason])).toEqual([[id(3), 'replied']]);
	});

	it('gives operators the hand-overs only the node key can carry out, after those handed to them', async () => {
		await addDispute(1, 'in-progress', colleague, 100);
		await addHandover(1, colleague, me, 'offered', 'operator');
		const third = await insertUser(database.db, { name: 'third', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
		await addDispute(2, 'in-progress', colleague, 50);
		await addHandover(2, colleague, third, 'offered', 'operator');
		expect((await listShift(database.db, me, { mayReview: true, operatorRoute: true })).map((row) => [row.id, row.reasons])).toEqual([
			[id(1), ['handed', 'operator']],
			[id(2), ['operator']]
		]);
		expect((await listShift(database.db, me, { mayReview: true })).map((row) => row.id)).toEqual([id(1)]);
	});

	it('shows no review of a proposal whose proposer no longer holds the dispute (an approval would be refused)', async () => {
		const third = await insertUser(database.db, { name: 'third', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
		await addDispute(1, 'in-progress', third, 100); // proposed by the colleague, then taken over by a third mediator
		await addProposal(1, colleague);
		await addDispute(2, 'in-progress', colleague, 200);
		await addProposal(2, colleague);
		expect((await listShift(database.db, me, { mayReview: true })).map((row) => [row.id, row.reason])).toEqual([[id(2), 'review']]);
	});

	it('leaves reviews out for someone who may not review', async () => {
		await addDispute(1, 'in-progress', colleague, 100);
		await addProposal(1, colleague);
		expect(await listShift(database.db, me, { mayReview: false })).toEqual([]);
	});
});
