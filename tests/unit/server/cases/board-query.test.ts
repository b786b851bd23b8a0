import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { countBuckets, listBoard, parseBoardQuery } from '../../../../src/lib/server/cases/board-query.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { encodeNpub } from '../../../../src/lib/protocol/keys.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';

let database: OpenDatabase;
let me: number;
let colleague: number;
const buyer = 'a'.repeat(63) + '1';

async function addDispute(id: string, status: string, extra: Partial<{ holder: number | null; order: string; opened: number; initiator: string; buyer: string }> = {}) {
	await database.db
		.insertInto('disputes')
		.values({
			id,
			status,
			initiator: extra.initiator ?? 'buyer',
			opened_at: extra.opened ?? 1000,
			first_seen_at: 1,
			revision_at: 1,
			revision_event_id: id,
			order_id: extra.order ?? null,
			buyer_pubkey: extra.buyer ?? null,
			holder_user_id: extra.holder ?? null,
			updated_at: 1
		})
		.execute();
}

beforeEach(async () => {
	database = openTestDatabase();
	me = await insertUser(database.db, { name: 'me', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	colleague = await insertUser(database.db, { name: 'col', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	await addDispute('d-new-1', 'initiated', { opened: 100 });
	await addDispute('d-new-2', 'initiated', { opened: 300, initiator: 'seller' });
	await addDispute('d-mine', 'in-progress', { holder: me, order: 'order-42', opened: 200 });
	await addDispute('d-col', 'in-progress', { holder: colleague });
	await addDispute('d-out', 'in-progress', { buyer });
	await addDispute('d-set', 'settled');
	await addDispute('d-ref', 'seller-refunded');
	await addDispute('d-odd', 'some-future-status');
});
afterEach(() => database.close());

describe('board buckets', () => {
	it('counts each bucket from the trigger-kept table, per viewer', async () => {
		expect(await countBuckets(database.db, me)).toEqual({ new: 2, mine: 1, colleagues: 1, outside: 1, settled: 1, sellerRefunded: 1, released: 0, cooperativelyCanceled: 0, other: 1 });
		expect((await countBuckets(database.db, colleague)).mine).toBe(1);
	});

	it('keeps the counts right when a dispute changes status or holder', async () => {
		await database.db.updateTable('disputes').set({ status: 'in-progress', holder_user_id: me }).where('id', '=', 'd-new-1').execute();
		await database.db.updateTable('disputes').set({ status: 'settled' }).where('id', '=', 'd-mine').execute();
		const counts = await countBuckets(database.db, me);
		expect(counts).toMatchObject({ new: 1, mine: 1, settled: 2 });
	});

	it('keeps party closes (released, cooperatively-canceled) apart from solver decisions and from other', async () => {
		await addDispute('d-rel', 'released');
		await addDispute('d-coop', 'cooperatively-canceled');
		expect(await countBuckets(database.db, me)).toMatchObject({ settled: 1, sellerRefunded: 1, released: 1, cooperativelyCanceled: 1, other: 1 });
		const rows = async (bucket: string) => (await listBoard(database.db, parseBoardQuery(new URLSearchParams({ bucket })), me)).rows;
		expect((await rows('cooperatively-canceled')).map((r) => [r.id, r.outcome])).toEqual([['d-coop', 'closed-by-parties']]);
		expect((await rows('released')).map((r) => [r.id, r.outcome])).toEqual([['d-rel', 'closed-by-parties']]);
		expect((await rows('settled')).map((r) => r.outcome)).toEqual(['decided']);
		expect((await rows('other')).map((r) => r.id)).toEqual(['d-odd']);
	});

	it('filters by bucket and initiator, and sorts', async () => {
		const ids = async (params: Record<string, string>) => (await listBoard(database.db, parseBoardQuery(new URLSearchParams(params)), me)).rows.map((r) => r.id);
		expect(await ids({ bucket: 'new', sort: 'oldest' })).toEqual(['d-new-1', 'd-new-2']);
		expect(await ids({ bucket: 'new', sort: 'newest' })).toEqual(['d-new-2', 'd-new-1']);
		expect(await ids({ bucket: 'mine' })).toEqual(['d-mine']);
		expect(await ids({ bucket: 'outside' })).toEqual(['d-out']);
		expect(await ids({ bucket: 'other' })).toEqual(['d-odd']);
		expect(await ids({ bucket: 'new', initiator: 'seller' })).toEqual(['d-new-2']);
	});

	it('searches by dispute id, its prefix, order id and pubkey in hex or npub', async () => {
		const ids = async (q: string) => (await listBoard(database.db, parseBoardQuery(new URLSearchParams({ q })), me)).rows.map((r) => r.id);
		expect(await ids('d-col')).toEqual(['d-col']);
		expect(await ids('order-42')).toEqual(['d-mine']);
		expect(await ids(buyer)).toEqual(['d-out']);
		expect(await ids(encodeNpub(buyer))).toEqual(['d-out']);
		expect(await ids('nothing-like-this')).toEqual([]);
	});

	it('parses odd query strings into safe defaults', () => {
		expect(parseBoardQuery(new URLSearchParams({ bucket: 'x', page: '-3', sort: '1;drop', from: 'yesterday' }))).toMatchObject({ bucket: 'all', page: 1, sort: 'newest', from: null });
	});
});

describe('board times', () => {
	it('returns instants in epoch ms and filters whole UTC days given in the URL', async () => {
		const day = Date.parse('2025-03-02T00:00:00Z');
		await addDispute('d-day', 'initiated', { opened: day / 1000 + 3_600 });
		await addDispute('d-next', 'initiated', { opened: day / 1000 + 86_400 });
		const query = parseBoardQuery(new URLSearchParams({ from: '2025-03-02', to: '2025-03-02' }));
		expect(query.from).toBe(day);
		expect(query.to).toBe(day + 86_399_999);
		const { rows } = await listBoard(database.db, query, me);
		expect(rows.map((row) => [row.id, row.openedAt])).toEqual([['d-day', day + 3_600_000]]);
	});
});

describe('the board proposal badge', () => {
	async function propose(disputeId: string) {
		await database.db
			.insertInto('decisions')
			.values({
				dispute_id: disputeId,
				order_id: 'o',
				outcome: 'settle',
				slash_buyer: 0,
				slash_seller: 0,
				reason_code: 'fiat_sent',
				justification: 'paid',
				amount_sats: 1,
				state: 'proposed',
				proposed_by: me,
				proposed_at: 0,
				reviewed_by: null,
				reviewed_at: null,
				request_id: null,
				updated_at: 0
			})
			.execute();
	}

	it('marks a proposal awaiting review on an open dispute, not on one the parties closed meanwhile', async () => {
		await addDispute('d-closed', 'cooperatively-canceled', { holder: me });
		await propose('d-mine');
		await propose('d-closed');
		const { rows } = await listBoard(database.db, parseBoardQuery(new URLSearchParams()), me);
		const badge = Object.fromEntries(rows.map((row) => [row.id, row.proposalPending]));
		expect(badge['d-mine']).toBe(true);
		expect(badge['d-closed']).toBe(false);
	});
});
