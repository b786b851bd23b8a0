// Four-eyes a team can run (issue 17): the proposer withdraws a pending proposal (audited in the
// same transaction, nothing sent to the node) and proposes again; the colleague who may approve
// it finds it in "Needs my review" and in the navigation's count, both kept current by the
// `review` live topic the domain events fire after commit; the API and the case page action
// withdraw the same way. Against the node double over the embedded relay, with real SQLite.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { decisionInput, registeredMediator, takenDispute } from '../../../helpers/decision-world.ts';
import { assessDecision, decide, reviewDecision } from '../../../../src/lib/server/mostro/actions/decide.ts';
import { withdrawDecision } from '../../../../src/lib/server/mostro/actions/withdraw-proposal.ts';
import { loadDecisionView } from '../../../../src/lib/server/mostro/decision-view.ts';
import { setFourEyesSats } from '../../../../src/lib/server/mostro/decision-settings.ts';
import { countAwaitingReview } from '../../../../src/lib/server/cases/review-queue.ts';
import { countBoardBuckets } from '../../../../src/lib/server/cases/board-counts.ts';
import { listBoard, parseBoardQuery } from '../../../../src/lib/server/cases/board-query.ts';
import type { LiveMessage } from '../../../../src/lib/server/live/hub.ts';
import { testKey } from '../../sim/mostrod/client.ts';
import type { SessionUser } from '../../../../src/lib/server/auth/session-types.ts';

// The routes read the process runtime; here it is the world's services.
const runtime = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('$lib/server/runtime', () => ({ getRuntime: () => runtime.current }));
const apiDecision = await import('../../../../src/routes/api/v1/disputes/[id]/decision/+server.ts');
const casePage = await import('../../../../src/routes/(console)/disputes/[id]/+page.server.ts');

// Route handlers are called with the parts of the request event they read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEvent = any;
function eventFor(user: SessionUser, id: string, request: Request): AnyEvent {
	return { locals: { user, session: { secondFactorVerified: true }, locale: 'en', requestId: 'test' }, params: { id }, url: new URL(request.url), request };
}

describe('withdrawing a four-eyes proposal and the review queue', () => {
	let world: ConsoleWorld;
	beforeEach(async () => {
		world = await startConsoleWorld({ protocolVersion: 2 });
		await setFourEyesSats(world.services, world.operator, null, '10000');
	});
	afterEach(() => world.stop());

	const reviewBucket = async (userId: number, mayReview = true) => (await listBoard(world.database.db, parseBoardQuery(new URLSearchParams({ bucket: 'review' })), userId, mayReview)).rows.map((row) => row.id);

	it('the proposer withdraws (audited, nothing sent), the queue empties, and a new proposal is approved', async () => {
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const bob = await registeredMediator(world, 'bob', 'read-write');
		const { orderId, disputeId } = await takenDispute(world, alice, { buyer: testKey('wq-b'), seller: testKey('wq-s') });
		const live: LiveMessage[] = [];
		const stop = world.services.live.subscribe((message) => void live.push(message));

		const first = await decide(world.services, alice, disputeId, decisionInput(orderId, 'settle'));
		expect(first.kind).toBe('proposed');
		await world.services.events.settled();
		expect(live.filter((m) => m.topic === 'review').map((m) => m.data)).toEqual([{ disputeId, change: 'proposed' }]);
		// bob may approve it; alice (its author) may not, nor may a role that does not mediate.
		expect(await countAwaitingReview(world.database.db, { userId: bob.id, mayReview: true })).toBe(1);
		expect(await countAwaitingReview(world.database.db, { userId: alice.id, mayReview: true })).toBe(0);
		expect(await countAwaitingReview(world.database.db, { userId: bob.id, mayReview: false })).toBe(0);
		expect(await reviewBucket(bob.id)).toEqual([disputeId]);
		expect(await reviewBucket(alice.id)).toEqual([]);
		expect(await reviewBucket(bob.id, false)).toEqual([]);
		expect((await countBoardBuckets(world.database.db, { id: bob.id, role: 'mediator' })).review).toBe(1);
		expect((await countBoardBuckets(world.database.db, { id: bob.id, role: 'auditor' })).review).toBeUndefined();
		expect((await loadDecisionView(world.services, alice, disputeId)).decisions[0]).toMatchObject({ state: 'proposed', canWithdraw: true, canReview: false });
		expect((await loadDecisionView(world.services, bob, disputeId)).decisions[0]).toMatchObject({ canWithdraw: false, canReview: true });

		// Only its author withdraws it.
		await expect(withdrawDecision(world.services, bob, disputeId, { decisionId: first.decisionId })).rejects.toMatchObject({ code: 'not_authorized', messageKey: 'decision.error.not_own_proposal' });
		expect(await withdrawDecision(world.services, alice, disputeId, { decisionId: first.decisionId })).toEqual({ kind: 'withdrawn', decisionId: first.decisionId });
		await world.services.events.settled();
		expect(live.filter((m) => m.topic === 'review').map((m) => m.data)).toEqual([
			{ disputeId, change: 'proposed' },
			{ disputeId, change: 'withdrawn' }
		]);
		expect(live.some((m) => m.topic === 'dispute' && m.data.id === disputeId && m.data.change === 'proposal-withdrawn')).toBe(true);
		await expect(withdrawDecision(world.services, alice, disputeId, { decisionId: first.decisionId })).rejects.toMatchObject({ code: 'conflict', messageKey: 'decision.error.reviewed' });
		await expect(reviewDecision(world.services, bob, disputeId, { decisionId: first.decisionId, approve: true, comment: 'Too late' })).rejects.toMatchObject({ messageKey: 'decision.error.reviewed' });
		expect(await countAwaitingReview(world.database.db, { userId: bob.id, mayReview: true })).toBe(0);
		expect(await reviewBucket(bob.id)).toEqual([]);
		const entry = await world.database.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'subject', 'details']).where('action', '=', 'decision.withdrawn').executeTakeFirstOrThrow();
		expect(entry).toMatchObject({ actor_user_id: alice.id, subject: `dispute:${disputeId}` });
		expect(JSON.parse(entry.details)).toMatchObject({ decisionId: first.decisionId, outcome: 'settle' });
		const stored = await world.database.db.selectFrom('decisions').select(['state', 'reviewed_by']).where('id', '=', first.decisionId).executeTakeFirstOrThrow();
		expect(stored).toEqual({ state: 'withdrawn', reviewed_by: null });
		expect(await world.database.db.selectFrom('action_journal').select('id').where('dispute_id', '=', disputeId).where('action', 'in', ['admin-settle', 'admin-cancel']).executeTakeFirst()).toBeUndefined();
		expect((await loadDecisionView(world.services, alice, disputeId)).decisions[0]).toMatchObject({ state: 'withdrawn', canWithdraw: false, canReview: false });

		// Proposed again, approved by bob: executed with alice's key.
		expect(await assessDecision(world.services, alice, disputeId)).toEqual({ allowed: true, fourEyes: true });
		const second = await decide(world.services, alice, disputeId, decisionInput(orderId, 'cancel'));
		expect(await countAwaitingReview(world.database.db, { userId: bob.id, mayReview: true })).toBe(1);
		expect(await reviewDecision(world.services, bob, disputeId, { decisionId: second.decisionId, approve: true, comment: 'Evidence checked' })).toMatchObject({ kind: 'executed', outcome: { state: 'acknowledged' } });
		await world.services.events.settled();
		expect(live.filter((m) => m.topic === 'review').map((m) => m.data.change)).toEqual(['proposed', 'withdrawn', 'proposed', 'approved']);
		expect(await countAwaitingReview(world.database.db, { userId: bob.id, mayReview: true })).toBe(0);
		stop();
	});

	it('POST /api/v1/disputes/:id/decision withdraws, and the case page action does the same', async () => {
		runtime.current = world.services;
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const bob = await registeredMediator(world, 'bob', 'read-write');
		const { orderId, disputeId } = await takenDispute(world, alice, { buyer: testKey('wq3-b'), seller: testKey('wq3-s') });
		const api = (user: SessionUser, body: unknown) =>
			apiDecision.POST(eventFor(user, disputeId, new Request(`http://console.test/api/v1/disputes/${disputeId}/decision`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })));
		const first = await decide(world.services, alice, disputeId, decisionInput(orderId, 'settle'));
		const refused = await api(bob, { action: 'withdraw', decisionId: first.decisionId });
		expect(refused.status).toBe(403);
		expect(await refused.json()).toMatchObject({ error: { code: 'not_authorized' } });
		const bad = await api(alice, { action: 'withdraw', decisionId: 'one' });
		expect(bad.status).toBe(400);
		const withdrawn = await api(alice, { action: 'withdraw', decisionId: first.decisionId });
		expect(withdrawn.status).toBe(200);
		expect(await withdrawn.json()).toEqual({ kind: 'withdrawn', decisionId: first.decisionId });
		expect((await api(alice, { action: 'withdraw', decisionId: first.decisionId })).status).toBe(409);

		const second = await decide(world.services, alice, disputeId, decisionInput(orderId, 'settle'));
		const body = new FormData();
		body.append('decisionId', String(second.decisionId));
		const actor = { userId: alice.id, name: alice.name, role: alice.role, requestId: 'test' };
		const answer = await (casePage.actions.withdraw as (event: AnyEvent) => Promise<unknown>)({
			...eventFor(alice, disputeId, new Request(`http://console.test/disputes/${disputeId}`, { method: 'POST', body })),
			locals: { user: alice, session: { secondFactorVerified: true }, locale: 'en', requestId: 'test', actor }
		});
		expect(answer).toEqual({ decided: 'withdrawn' });
		expect(await world.database.db.selectFrom('decisions').select('state').where('id', '=', second.decisionId).executeTakeFirstOrThrow()).toEqual({ state: 'withdrawn' });
	});

	it('a proposal whose dispute changed hands is not in anyone’s queue (its approval would be refused)', async () => {
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const bob = await registeredMediator(world, 'bob', 'read-write');
		const { orderId, disputeId } = await takenDispute(world, alice, { buyer: testKey('wq2-b'), seller: testKey('wq2-s') });
		await decide(world.services, alice, disputeId, decisionInput(orderId, 'settle'));
		expect(await countAwaitingReview(world.database.db, { userId: bob.id, mayReview: true })).toBe(1);
		await world.database.db.updateTable('disputes').set({ holder_user_id: bob.id }).where('id', '=', disputeId).execute();
		expect(await countAwaitingReview(world.database.db, { userId: bob.id, mayReview: true })).toBe(0);
		expect(await countAwaitingReview(world.database.db, { userId: world.operator.id, mayReview: true })).toBe(0);
	});
});
