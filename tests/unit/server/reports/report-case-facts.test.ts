// Regressions: Reports reads the same escrow state the case page verified, and credits a
// four-eyes settle to the holder who proposed it, not to the colleague who approved it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { getReport } from '../../../../src/lib/server/reports/report-build.ts';
import { parseReportPeriod } from '../../../../src/lib/server/reports/report-period.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { saveEscrowCheck } from '../../../../src/lib/server/cases/escrow-check-store.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { solverDisputeInfo } from '../../../helpers/case-seed.ts';
import { caseMoney } from '../../../../src/lib/server/cases/case-money.ts';

const T0 = Date.parse('2025-03-01T00:00:00Z') / 1000;
const NOW_MS = Date.parse('2025-03-10T00:00:00Z');
const H = 3_600;
const hex = () => randomBytes(32).toString('hex');
const period = parseReportPeriod(new URLSearchParams('from=2025-03-01&to=2025-03-01'), NOW_MS);

let database: OpenDatabase;
let holder: number;
let approver: number;
let disputeId: string;

beforeEach(async () => {
	database = openTestDatabase();
	const { db } = database;
	holder = await insertUser(db, { name: 'holder', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	approver = await insertUser(db, { name: 'approver', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	disputeId = randomUUID();
	const orderId = randomUUID();
	await db
		.insertInto('disputes')
		.values({ id: disputeId, status: 'settled', initiator: 'buyer', opened_at: T0 + H, first_seen_at: (T0 + H) * 1000, revision_at: T0 + 3 * H, revision_event_id: hex(), order_id: orderId, holder_user_id: holder, updated_at: 0 })
		.execute();
	await db
		.insertInto('dispute_revisions')
		.values({ event_id: hex(), dispute_id: disputeId, status: 'settled', revision_at: T0 + 3 * H, kind: 38386, raw: '{}', relay: 'ws://r', received_at: 0 })
		.execute();
	await db
		.insertInto('action_journal')
		.values({
			request_id: 7,
			action: 'admin-settle',
			dispute_id: disputeId,
			order_id: orderId,
			actor_user_id: approver,
			signer_pubkey: hex(),
			event_id: hex(),
			state: 'acknowledged',
			details: '{}',
			created_at: (T0 + 3 * H) * 1000,
			updated_at: 0
		})
		.execute();
	await db
		.insertInto('decisions')
		.values({
			dispute_id: disputeId,
			order_id: orderId,
			outcome: 'settle',
			slash_buyer: 0,
			slash_seller: 0,
			reason_code: 'fiat_sent',
			justification: 'the buyer paid',
			amount_sats: 70_000,
			state: 'executed',
			proposed_by: holder,
			proposed_at: 0,
			reviewed_by: approver,
			reviewed_at: 0,
			request_id: 7,
			updated_at: 0
		})
		.execute();
});
afterEach(() => database.close());

describe('Reports reads the case module', () => {
	it('counts the escrow of a decided case verified while held (the deadline is gone from the board)', async () => {
		const paymentHash = hex();
		// Checked while held: 100 blocks (~16.7 h) left at T0 + 2 h; then settled, no held HTLC any more.
		await saveEscrowCheck(database.db, disputeId, { paymentHash, state: 'accepted', amountSats: 70_210, expiryHeight: 900_100, blockHeight: 900_000, checkedAt: (T0 + 2 * H) * 1000 }, (T0 + 2 * H + 100 * 600) * 1000);
		await saveEscrowCheck(database.db, disputeId, { paymentHash, state: 'settled', amountSats: 70_210, expiryHeight: null, blockHeight: 900_010, checkedAt: (T0 + 4 * H) * 1000 }, null);
		const report = await getReport(database.db, period, NOW_MS);
		expect(report.escrow.known).toBe(1);
		expect(report.escrow.underSixHours).toBe(0);
	});

	it('credits an approved settle to the holder who proposed it', async () => {
		const report = await getReport(database.db, period, NOW_MS);
		const byName = Object.fromEntries(report.mediators.map((m) => [m.name, m.settled]));
		expect(byName.holder).toBe(1);
		expect(byName.approver ?? 0).toBe(0);
	});

	it('shows the approver apart: one approval, no settle; the holder approved nothing', async () => {
		const report = await getReport(database.db, period, NOW_MS);
		expect(report.mediators.find((m) => m.name === 'approver')).toMatchObject({ settled: 0, canceled: 0, approved: 1 });
		expect(report.mediators.find((m) => m.name === 'holder')).toMatchObject({ settled: 1, approved: 0 });
	});

	it('sums the amounts the case page shows (case-money.ts) and counts a case whose money is unknown', async () => {
		const orderId = (await database.db.selectFrom('disputes').select('order_id').where('id', '=', disputeId).executeTakeFirstOrThrow()).order_id ?? '';
		const info = solverDisputeInfo(orderId, { amount: 70_000, fee: 210, hash: hex(), buyer: hex(), seller: hex() });
		await database.db
			.insertInto('dispute_info')
			.values({ dispute_id: disputeId, order_id: orderId, solver_pubkey: hex(), info: JSON.stringify(info), preimage_sealed: null, received_at: 0 })
			.execute();
		const refunded = randomUUID();
		await database.db
			.insertInto('disputes')
			.values({ id: refunded, status: 'seller-refunded', initiator: 'seller', opened_at: T0 + 2 * H, first_seen_at: 0, revision_at: T0 + 5 * H, revision_event_id: hex(), order_id: null, holder_user_id: holder, updated_at: 0 })
			.execute();
		await database.db.insertInto('dispute_info').values({ dispute_id: refunded, order_id: randomUUID(), solver_pubkey: hex(), info: '{"amount":', preimage_sealed: null, received_at: 0 }).execute();
		const report = await getReport(database.db, period, NOW_MS);
		expect(report.amounts).toEqual({ heldOpenSats: 0, paidBuyerSats: caseMoney({ amount: 70_000, fee: 210 }).buyerPayoutSats, refundedSellerSats: 0, withoutAmount: 1 });
		expect(report.amounts.paidBuyerSats).toBe(69_790);
	});
});
