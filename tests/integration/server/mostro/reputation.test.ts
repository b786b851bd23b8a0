// Reputation from a v0.19.2 node (issue 18 defect 5): the order event's `rating` tag in the
// daemon's `["rating",{…}]` form reaches the board row, and the `since` the node adds to the
// parties' UserInfo reaches the case; an older node (no `since`) keeps working.
import { afterEach, describe, expect, it } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { executeAddSolver } from '../../../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../../../src/lib/server/mostro/actions/take-dispute.ts';
import { listBoard, parseBoardQuery } from '../../../../src/lib/server/cases/board-query.ts';
import { loadCase } from '../../../../src/lib/server/mostro/case-view.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { testKey } from '../../sim/mostrod/client.ts';

const DAY = 86400;

describe('reputation from the node', () => {
	let world: ConsoleWorld;
	afterEach(() => world.stop());

	async function disputeWithIdentifiedSeller(version: string) {
		world = await startConsoleWorld({ version });
		const buyer = testKey(`rep-buyer-${version}`);
		const buyerId = testKey(`rep-buyer-id-${version}`);
		const seller = testKey(`rep-seller-${version}`);
		const sellerId = testKey(`rep-seller-id-${version}`);
		const order = await world.node.createOrder({
			kind: 'sell',
			buyerPubkey: buyer.pk,
			sellerPubkey: seller.pk,
			amount: 40_000,
			fiatCode: 'VES',
			fiatAmount: 900,
			sellerIdentity: sellerId.pk,
			sellerReputation: { rating: 4.5, reviews: 12, days: 30 },
			buyerIdentity: buyerId.pk,
			buyerReputation: { rating: 3, reviews: 2, days: 5 }
		});
		const dispute = await world.node.openDispute(order.id, 'buyer');
		const mediator = await world.addMediator('rep');
		expect((await executeAddSolver(world.services, world.operator, mediator.id, { permission: 'read-write', nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false })).state).toBe('acknowledged');
		await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute in the console');
		expect((await executeTake(world.services, mediator, dispute.id, { confirmedTakeover: false })).state).toBe('acknowledged');
		return { order, dispute, mediator };
	}

	it('v0.19.2: the maker rating in the daemon form is on the board row, since on the case page', async () => {
		const { order, dispute, mediator } = await disputeWithIdentifiedSeller('0.19.2');
		const published = world.node.publishedEvents().filter((e) => e.kind === 38383 && e.tags.some((t) => t[0] === 'd' && t[1] === order.id));
		const tag = published.at(-1)?.tags.find((t) => t[0] === 'rating');
		expect(tag?.[1]).toMatch(/^\["rating",\{"days":30,"total_rating":4\.5,"total_reviews":12\}\]$/);
		const row = await waitFor(async () => {
			const board = await listBoard(world.database.db, parseBoardQuery(new URLSearchParams()), mediator.id);
			return board.rows.find((r) => r.id === dispute.id && r.makerReputation !== null);
		}, 'the maker reputation on the board row');
		expect(row.makerReputation).toMatchObject({ rating: 4.5, reviews: 12 });
		const revisionAt = published.at(-1)?.created_at ?? 0;
		expect(Math.abs((row.makerReputation?.since ?? 0) - (revisionAt - 30 * DAY))).toBeLessThan(DAY);
		const view = await loadCase(world.services, mediator.id, dispute.id);
		const sellerSince = world.node.user(testKey('rep-seller-id-0.19.2').pk)?.createdAt;
		expect(view.info?.counterpart_info?.since).toBe(sellerSince);
		expect(view.info?.initiator_info?.since).toBe(world.node.user(testKey('rep-buyer-id-0.19.2').pk)?.createdAt);
	});

	it('v0.18: no since in UserInfo, the rating is still read', async () => {
		const { dispute, mediator } = await disputeWithIdentifiedSeller('0.18.5');
		const view = await loadCase(world.services, mediator.id, dispute.id);
		expect(view.info?.counterpart_info).toMatchObject({ rating: 4.5, reviews: 12, operating_days: 30 });
		expect(view.info?.counterpart_info).not.toHaveProperty('since');
	});
});
