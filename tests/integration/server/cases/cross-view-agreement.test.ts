// Board, case page, Reports, CSV and API agree on the same disputes (issue 13, "Done means"):
// on the embedded relay, a v0.19 node double and the LND double, with four-eyes review on,
// several cases are walked through take → propose → approve → settle and → refund, one is only
// taken, one is untouched and one is closed by a cooperative cancel the parties agreed while a
// settle waited for review (nothing was settled: no view may say so). Each view is read the way
// its route reads it (the page loads and the API handlers themselves, over the real runtime
// services), and every view must show the same status, holder, escrow state and amounts.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startConsoleWorld, type ConsoleWorld } from '../../../helpers/console-node.ts';
import { waitFor } from '../../../helpers/wait-for.ts';
import { decisionInput, disputeStatus, openDispute, registeredMediator, takenDispute } from '../../../helpers/decision-world.ts';
import { decide, reviewDecision } from '../../../../src/lib/server/mostro/actions/decide.ts';
import { setFourEyesSats } from '../../../../src/lib/server/mostro/decision-settings.ts';
import { parseLndCredentials, saveLndCredentials } from '../../../../src/lib/server/lightning/lnd-settings.ts';
import { caseMoney } from '../../../../src/lib/server/cases/case-money.ts';
import type { SessionUser } from '../../../../src/lib/server/auth/session-types.ts';
import { testKey } from '../../sim/mostrod/client.ts';

// The routes read the process runtime; here it is the world's services.
const runtime = vi.hoisted(() => ({ current: null as unknown }));
vi.mock('$lib/server/runtime', () => ({ getRuntime: () => runtime.current }));

const boardPage = await import('../../../../src/routes/(console)/disputes/+page.server.ts');
const casePage = await import('../../../../src/routes/(console)/disputes/[id]/+page.server.ts');
const reportsPage = await import('../../../../src/routes/(console)/reports/+page.server.ts');
const reportsCsv = await import('../../../../src/routes/(console)/reports/export.csv/+server.ts');
const apiBoard = await import('../../../../src/routes/api/v1/disputes/+server.ts');
const apiCase = await import('../../../../src/routes/api/v1/disputes/[id]/+server.ts');
const apiEscrow = await import('../../../../src/routes/api/v1/disputes/[id]/escrow/+server.ts');
const apiDecision = await import('../../../../src/routes/api/v1/disputes/[id]/decision/+server.ts');

/** What every view must agree on about one case. */
interface Agreed {
	status: string;
	holder: string | null;
	escrowState: string | null;
	escrowSats: number | null;
	buyerPayoutSats: number | null;
	/** The buyer was paid (the case page's payout line); false for every refund. */
	buyerPaid: boolean;
}

// Route handlers are called with the parts of the request event they read.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEvent = any;

function eventFor(user: SessionUser, path: string, params: Record<string, string> = {}): AnyEvent {
	const url = new URL(`http://console.test${path}`);
	return { locals: { user, session: { secondFactorVerified: true }, locale: 'en', requestId: 'test' }, params, url, depends: () => {}, request: new Request(url) };
}

async function jsonOf(response: Response): Promise<Record<string, unknown>> {
	expect(response.status).toBe(200);
	return (await response.json()) as Record<string, unknown>;
}

describe('every view agrees on the same disputes', () => {
	let world: ConsoleWorld;
	let viewer: SessionUser;
	const ids: Record<'settled' | 'refunded' | 'taken' | 'untouched' | 'partiesClosed' | 'settleAnsweredCooperative', string> = { settled: '', refunded: '', taken: '', untouched: '', partiesClosed: '', settleAnsweredCooperative: '' };
	let hashes: Record<string, string> = {};
	let money: ReturnType<typeof caseMoney>;

	beforeAll(async () => {
		// A loaded machine must not turn a slow answer into "no answer": this test is about the views.
		world = await startConsoleWorld({ version: '0.19' }, 15_000);
		runtime.current = world.services;
		viewer = world.operator;
		await saveLndCredentials(world.database.db, world.services.sealer, world.operator, parseLndCredentials({ socket: world.lnd.socket, cert: world.lnd.cert, macaroon: world.lnd.macaroon }));
		await setFourEyesSats(world.services, world.operator, null, '10000');
		const alice = await registeredMediator(world, 'alice', 'read-write');
		const bob = await registeredMediator(world, 'bob', 'read-write');
		const party = (name: string) => ({ buyer: testKey(`xv-b-${name}`), seller: testKey(`xv-s-${name}`) });

		const settled = await takenDispute(world, alice, party('a'), { amount: 70_000 });
		const refunded = await takenDispute(world, alice, party('b'), { amount: 70_000 });
		const taken = await takenDispute(world, alice, party('c'), { amount: 70_000 });
		const untouched = await openDispute(world, party('d'), { amount: 70_000 });
		const closed = await takenDispute(world, alice, party('e'), { amount: 70_000 });
		const cooperative = await takenDispute(world, alice, party('f'), { amount: 70_000 });
		Object.assign(ids, { settled: settled.disputeId, refunded: refunded.disputeId, taken: taken.disputeId, untouched: untouched.disputeId, partiesClosed: closed.disputeId, settleAnsweredCooperative: cooperative.disputeId });
		hashes = { [settled.disputeId]: settled.hash, [refunded.disputeId]: refunded.hash, [taken.disputeId]: taken.hash, [closed.disputeId]: closed.hash, [cooperative.disputeId]: cooperative.hash };

		// A: alice proposes a settle, bob approves it: the buyer is paid.
		const a = await decide(world.services, alice, settled.disputeId, decisionInput(settled.orderId, 'settle'));
		expect(a.kind).toBe('proposed');
		expect(await reviewDecision(world.services, bob, settled.disputeId, { decisionId: a.decisionId, approve: true, comment: 'Checked' })).toMatchObject({ kind: 'executed', outcome: { state: 'acknowledged' } });
		// B: alice proposes a cancel, bob approves it: the seller is refunded.
		const b = await decide(world.services, alice, refunded.disputeId, decisionInput(refunded.orderId, 'cancel'));
		expect(await reviewDecision(world.services, bob, refunded.disputeId, { decisionId: b.decisionId, approve: true, comment: 'Checked' })).toMatchObject({ kind: 'executed', outcome: { state: 'acknowledged' } });
		// E: alice proposes a settle; before bob approves, the parties cancel cooperatively.
		const e = await decide(world.services, alice, closed.disputeId, decisionInput(closed.orderId, 'settle'));
		await world.node.cooperativeCancel(closed.orderId, 'buyer');
		await world.node.cooperativeCancel(closed.orderId, 'seller');
		await waitFor(async () => (await disputeStatus(world, closed.disputeId)) === 'cooperatively-canceled', 'the cooperatively-canceled revision');
		const late = await reviewDecision(world.services, bob, closed.disputeId, { decisionId: e.decisionId, approve: true, comment: 'Checked' }).catch((error: unknown) => error);
		expect(late).toMatchObject({ messageKey: 'decision.blocked.closed' });

		// F: alice proposes a settle; the parties cancel before the console sees the close, bob approves,
		// and the node answers the settle with cooperative-cancel-accepted: the seller got the escrow back.
		const f = await decide(world.services, alice, cooperative.disputeId, decisionInput(cooperative.orderId, 'settle'));
		world.node.holdCloseEvents();
		await world.node.cooperativeCancel(cooperative.orderId, 'buyer');
		await world.node.cooperativeCancel(cooperative.orderId, 'seller');
		expect(await reviewDecision(world.services, bob, cooperative.disputeId, { decisionId: f.decisionId, approve: true, comment: 'Checked' })).toMatchObject({
			kind: 'executed',
			outcome: { state: 'acknowledged', reply: { kind: { action: 'cooperative-cancel-accepted' } } }
		});
		await world.node.releaseCloseEvents();
		await waitFor(async () => !['in-progress', 'initiated'].includes((await disputeStatus(world, cooperative.disputeId)) ?? 'in-progress'), 'F closed');

		await waitFor(async () => (await disputeStatus(world, settled.disputeId)) === 'settled', 'A settled');
		await waitFor(async () => (await disputeStatus(world, refunded.disputeId)) === 'seller-refunded', 'B seller-refunded');
		await waitFor(async () => (await world.database.db.selectFrom('orders').select('status').where('id', '=', settled.orderId).executeTakeFirst())?.status === 'success', 'the payout success event');
		// The console re-checks an escrow after each change it sees (a take, a decision, a close); no view or timer is asked to.
		const escrowState = async (id: string) => (await world.database.db.selectFrom('escrow_checks').select('state').where('dispute_id', '=', id).executeTakeFirst())?.state;
		for (const [id, state] of [
			[settled.disputeId, 'settled'],
			[refunded.disputeId, 'canceled'],
			[taken.disputeId, 'accepted'],
			[closed.disputeId, 'canceled'],
			[cooperative.disputeId, 'canceled']
		] as const) {
			await waitFor(async () => (await escrowState(id)) === state, `escrow ${state} for ${Object.entries(ids).find(([, v]) => v === id)?.[0]}`);
		}
		const info = await world.database.db.selectFrom('dispute_info').select('info').where('dispute_id', '=', settled.disputeId).executeTakeFirstOrThrow();
		const parsed = JSON.parse(info.info) as { amount: number; fee: number };
		money = caseMoney(parsed);
	}, 120_000);
	afterAll(() => world.stop());

	function expected(): Record<string, Agreed> {
		const held = (status: string, escrowState: string, buyerPaid: boolean): Agreed => ({ status, holder: 'alice', escrowState, escrowSats: money.escrowSats, buyerPayoutSats: money.buyerPayoutSats, buyerPaid });
		return {
			[ids.settled]: held('settled', 'settled', true),
			[ids.refunded]: held('seller-refunded', 'canceled', false),
			[ids.taken]: held('in-progress', 'accepted', false),
			[ids.untouched]: { status: 'initiated', holder: null, escrowState: null, escrowSats: null, buyerPayoutSats: null, buyerPaid: false },
			[ids.partiesClosed]: held('cooperatively-canceled', 'canceled', false),
			[ids.settleAnsweredCooperative]: held('cooperatively-canceled', 'canceled', false)
		};
	}

	it('the LND double holds what case-money says is held', () => {
		for (const hash of Object.values(hashes)) expect(Number(world.lnd.invoice(hash)?.valueMsat ?? 0n) / 1000).toBe(money.escrowSats);
	});

	it('the board page and the board API show each case the same', async () => {
		const readBoard = async () => {
			const page = (await boardPage.load(eventFor(viewer, '/disputes'))) as { rows: Array<Record<string, unknown>> };
			const api = await jsonOf(await apiBoard.GET(eventFor(viewer, '/api/v1/disputes')));
			expect(api.rows).toEqual(JSON.parse(JSON.stringify(page.rows)));
			return page.rows;
		};
		for (const [id, want] of Object.entries(expected())) {
			// The case page re-checks an escrow older than a few seconds, which moves its estimated
			// expiry: the board is read after it, as a mediator going back to the board would see it.
			const view = (await casePage.load(eventFor(viewer, `/disputes/${id}`, { id }))) as AnyEvent;
			const row = (await readBoard()).find((r) => r.id === id);
			expect({ id, status: row?.status, holder: row?.holderName, escrowState: row?.escrowState, escrowSats: row?.escrowSats }).toEqual({
				id,
				status: want.status,
				holder: want.holder,
				escrowState: want.escrowState,
				escrowSats: want.escrowSats
			});
			expect(row?.outcome).toBe(view.view.dispute.outcome);
			expect(row?.holderUserId).toBe(view.view.dispute.holderUserId);
			// A proposal is "waiting for review" on the board only while the case page lets someone review it.
			expect(row?.proposalPending).toBe(view.decision.decisions.some((d: AnyEvent) => d.state === 'proposed' && d.canReview));
			if (id === ids.partiesClosed) expect(row?.proposalPending).toBe(false);
			// The urgency column counts down to the same expiry the case page shows (held escrows only).
			expect(row?.escrowDeadline).toBe(view.escrow.verified && view.escrow.deadline ? view.escrow.deadline.expiresAt * 1000 : null);
		}
	});

	it('the case page and the case API show each case the same as the board', async () => {
		for (const [id, want] of Object.entries(expected())) {
			const page = (await casePage.load(eventFor(viewer, `/disputes/${id}`, { id }))) as AnyEvent;
			const api = await jsonOf(await apiCase.GET(eventFor(viewer, `/api/v1/disputes/${id}`, { id })));
			const escrowApi = await jsonOf(await apiEscrow.GET(eventFor(viewer, `/api/v1/disputes/${id}/escrow`, { id })));
			const decisionApi = (await jsonOf(await apiDecision.GET(eventFor(viewer, `/api/v1/disputes/${id}/decision`, { id })))) as AnyEvent;
			const shown = (view: AnyEvent, escrow: AnyEvent, decision: AnyEvent) => ({
				id,
				status: view.dispute.status,
				holder: view.dispute.holderName,
				escrowState: escrow.verified ? escrow.state : null,
				escrowSats: view.money?.escrowSats ?? null,
				buyerPayoutSats: view.money?.buyerPayoutSats ?? null,
				buyerPaid: decision.payout === 'success' || decision.payout === 'pending' || decision.payout === 'stalled',
				decisionEscrowSats: decision.money?.escrowSats ?? null,
				lndSats: escrow.verified ? escrow.amountSats : null
			});
			const want2 = { id, ...want, decisionEscrowSats: want.escrowSats, lndSats: want.escrowState === null ? null : want.escrowSats };
			expect(shown(page.view, page.escrow, page.decision)).toEqual(want2);
			expect(shown(api, escrowApi, decisionApi)).toEqual(want2);
			// The API is the case page as JSON: the same view and the same decision view.
			expect(api).toMatchObject(JSON.parse(JSON.stringify(page.view)));
			expect(decisionApi).toEqual(JSON.parse(JSON.stringify(page.decision)));
			// The previews and every decision row carry the same money as the money line.
			if (want.escrowSats !== null) {
				expect(page.decision.previews.settle).toMatchObject({ escrowSats: want.escrowSats, buyerReceives: want.buyerPayoutSats });
				expect(page.decision.previews.cancel).toMatchObject({ escrowSats: want.escrowSats, sellerRefunded: want.escrowSats });
			}
			// Nothing was settled unless the status says so: no decision row says it settled.
			if (want.status !== 'settled') expect(page.decision.decisions.map((d: AnyEvent) => d.result)).not.toContain('settled');
		}
	});

	it('Reports and its CSV count the same outcomes, holders and amounts', async () => {
		const page = (await reportsPage.load(eventFor(viewer, '/reports'))) as AnyEvent;
		const report = page.report;
		expect(report.totals).toEqual({ opened: 6, taken: 5, resolved: 4, open: 2 });
		// A paid the buyer and B refunded the seller, both decided here; E and F were closed by the
		// parties (F's settle reached the node after the cancel and paid nobody).
		expect(report.outcomes).toEqual({ paidBuyerConsole: 1, paidBuyerOutside: 0, refundedSellerConsole: 1, refundedSellerOutside: 0, closedByParties: 2, other: 0 });
		// Both decisions count for alice, who held and proposed them, not for bob who approved.
		const alice = report.mediators.find((m: AnyEvent) => m.name === 'alice');
		expect(alice).toMatchObject({ taken: 5, heldOpen: 1, settled: 1, canceled: 1 });
		// bob is shown apart, with the two approvals that reached the node and no decision of his own.
		expect(report.mediators.find((m: AnyEvent) => m.name === 'bob')).toMatchObject({ taken: 0, heldOpen: 0, settled: 0, canceled: 0, approved: 2 });
		// Every escrow the case pages verified is known to Reports.
		expect(report.escrow.known).toBe(5);
		expect(report.amounts).toEqual({ heldOpenSats: money.escrowSats, paidBuyerSats: money.buyerPayoutSats, refundedSellerSats: 3 * money.sellerRefundSats, withoutAmount: 1 });

		const csv = await reportsCsv.GET(eventFor(viewer, '/reports/export.csv'));
		const lines = (await csv.text())
			.trim()
			.split('\r\n')
			.map((line) => line.split(','));
		const cell = (section: string, item: string, metric: string) => Number(lines.find((l) => l[0] === section && l[1] === item && l[2] === metric)?.[3]);
		expect(cell('totals', '', 'resolved')).toBe(4);
		expect(cell('outcomes', 'paid_buyer', 'decided_in_console')).toBe(1);
		expect(cell('outcomes', 'refunded_seller', 'decided_in_console')).toBe(1);
		expect(cell('outcomes', 'closed_by_parties', 'count')).toBe(2);
		expect(cell('mediator', 'alice', 'settled')).toBe(1);
		expect(cell('mediator', 'alice', 'canceled')).toBe(1);
		expect(cell('escrow', 'deadline_known', 'count')).toBe(5);
		expect(cell('amounts', 'held_open', 'sats')).toBe(money.escrowSats);
		expect(cell('amounts', 'paid_buyer', 'sats')).toBe(money.buyerPayoutSats);
		expect(cell('amounts', 'refunded_seller', 'sats')).toBe(3 * money.sellerRefundSats);
		expect(cell('amounts', 'without_amount', 'count')).toBe(1);
	});
});
