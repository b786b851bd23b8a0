// One case, every view: the decision preview, the confirmation, the case page (and its API),
// the board (and its API) show the same escrow, payout and fee, all from case-money.ts. The
// escrow held is amount + fee (MOSTROD.md §8.1): 70,000 + 210 = 70,210 sats.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import type { MostroServices } from '../../../../src/lib/server/mostro/services.ts';
import type { SessionUser } from '../../../../src/lib/server/auth/session-types.ts';
import { caseMoney } from '../../../../src/lib/server/cases/case-money.ts';
import { listBoard, parseBoardQuery } from '../../../../src/lib/server/cases/board-query.ts';
import { loadCase } from '../../../../src/lib/server/mostro/case-view.ts';
import { loadDecisionView } from '../../../../src/lib/server/mostro/decision-view.ts';
import { saveEscrowCheck } from '../../../../src/lib/server/cases/escrow-check-store.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { translate } from '../../../../src/lib/i18n/index.ts';
import { formatSats } from '../../../../src/lib/format/sats.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { seedTakenCase, type SeededCase } from '../../../helpers/case-seed.ts';
import { personActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
let user: SessionUser;
let seeded: SeededCase;
let services: MostroServices;

beforeEach(async () => {
	database = openTestDatabase();
	const id = await insertUser(database.db, { name: 'mia', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	user = { id, name: 'mia', role: 'mediator', locale: 'en', theme: 'system', mustChangePassword: false, totpEnabled: false };
	seeded = await seedTakenCase(database.db, id, { amount: 70_000, fee: 210 });
	services = { db: database.db, engine: { nodePubkey: null } } as unknown as MostroServices;
});
afterEach(() => database.close());

describe('case money', () => {
	it('holds amount + fee, pays the buyer amount − fee and keeps both fee halves', () => {
		expect(caseMoney({ amount: 70_000, fee: 210 })).toEqual({ amountSats: 70_000, escrowSats: 70_210, buyerPayoutSats: 69_790, nodeFeeSats: 420, sellerRefundSats: 70_210, estimatedBondSats: null });
	});

	it('estimates a bond from the policy only when bonds are on', () => {
		expect(caseMoney({ amount: 70_000, fee: 210 }, { bondEnabled: true, bondAmountPct: 0.01, bondBaseAmountSats: 1_000 }).estimatedBondSats).toBe(1_000);
		expect(caseMoney({ amount: 70_000, fee: 210 }, { bondEnabled: false, bondAmountPct: 0.01, bondBaseAmountSats: 1_000 }).estimatedBondSats).toBeNull();
	});

	it('every view of one case shows the same amounts', async () => {
		await saveEscrowCheck(database.db, seeded.disputeId, { paymentHash: seeded.hash, state: 'accepted', amountSats: 70_210, expiryHeight: 900_100, blockHeight: 900_000, checkedAt: Date.now() }, null);
		const casePage = await loadCase(services, user.id, seeded.disputeId);
		const decision = await loadDecisionView(services, personActor(user), seeded.disputeId);
		const board = (await listBoard(database.db, parseBoardQuery(new URLSearchParams()), user.id)).rows.find((row) => row.id === seeded.disputeId);

		expect(casePage.money).toEqual(caseMoney({ amount: 70_000, fee: 210 }));
		const money = casePage.money!;
		expect(decision.money).toEqual(money);
		expect(decision.previews?.settle.escrowSats).toBe(money.escrowSats);
		expect(decision.previews?.cancel.escrowSats).toBe(money.escrowSats);
		expect(decision.previews?.settle.buyerReceives).toBe(money.buyerPayoutSats);
		expect(decision.previews?.settle.nodeFee).toBe(money.nodeFeeSats);
		expect(decision.previews?.cancel.sellerRefunded).toBe(money.sellerRefundSats);
		expect(board?.escrowSats).toBe(money.escrowSats);
		expect(board?.amountSats).toBe(money.amountSats);
		// The node's LND holds exactly that much.
		expect(money.escrowSats).toBe(70_210);

		// The confirmation names the amount the preview says is held.
		const confirm = translate('en', 'decision.confirm_settle', { order: decision.orderId ?? '', amount: formatSats(decision.money!.escrowSats, 'en') ?? '' });
		expect(confirm).toContain('70,210');
		expect(confirm).not.toContain('(70,000');
	});

	it('the board reads the escrow state the case page verified', async () => {
		const before = (await listBoard(database.db, parseBoardQuery(new URLSearchParams()), user.id)).rows[0];
		expect(before?.escrowState).toBeNull();
		await saveEscrowCheck(database.db, seeded.disputeId, { paymentHash: seeded.hash, state: 'settled', amountSats: 70_210, expiryHeight: null, blockHeight: 900_010, checkedAt: Date.now() }, null);
		const row = (await listBoard(database.db, parseBoardQuery(new URLSearchParams()), user.id)).rows[0];
		expect(row?.escrowState).toBe('settled');
		expect(row?.escrowDeadline).toBeNull();
	});
});
