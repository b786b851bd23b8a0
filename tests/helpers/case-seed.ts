// A taken dispute written straight into the case tables, for tests that read it back through
// the case module's views (board, case page, decision view, Reports).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../src/lib/server/db/index.ts';

const hex = () => randomBytes(32).toString('hex');

export interface SeededCase {
	disputeId: string;
	orderId: string;
	hash: string;
}

export function solverDisputeInfo(orderId: string, facts: { amount: number; fee: number; hash: string; buyer: string; seller: string }) {
	return {
		id: orderId,
		kind: 'sell',
		status: 'dispute',
		hash: facts.hash,
		order_previous_status: 'fiat-sent',
		initiator_pubkey: facts.buyer,
		buyer_pubkey: facts.buyer,
		seller_pubkey: facts.seller,
		initiator_full_privacy: false,
		counterpart_full_privacy: false,
		initiator_info: null,
		counterpart_info: null,
		premium: 0,
		payment_method: 'bank',
		amount: facts.amount,
		fiat_amount: 50,
		fee: facts.fee,
		routing_fee: 0,
		buyer_invoice: null,
		invoice_held_at: 1_700_000_000,
		taken_at: 1_700_000_100,
		created_at: 1_700_000_000
	};
}

/** An in-progress dispute held by `holder` with its SolverDisputeInfo (or `infoText` verbatim). */
export async function seedTakenCase(db: Db, holder: number, facts: { amount: number; fee: number; infoText?: string }): Promise<SeededCase> {
	const disputeId = randomUUID();
	const orderId = randomUUID();
	const hash = hex();
	const buyer = hex();
	const seller = hex();
	await db
		.insertInto('disputes')
		.values({
			id: disputeId,
			status: 'in-progress',
			initiator: 'buyer',
			opened_at: 1_700_000_000,
			first_seen_at: 1_700_000_000_000,
			revision_at: 1_700_000_100,
			revision_event_id: hex(),
			order_id: orderId,
			buyer_pubkey: buyer,
			seller_pubkey: seller,
			holder_user_id: holder,
			amount_sats: facts.amount,
			updated_at: 0
		})
		.execute();
	await db
		.insertInto('orders')
		.values({
			id: orderId,
			kind: 'sell',
			status: 'dispute',
			fiat_code: 'EUR',
			amount_sats: facts.amount,
			fiat_amount: '[50]',
			payment_methods: '["bank"]',
			premium: 0,
			revision_at: 1_700_000_000,
			revision_event_id: hex(),
			first_seen_at: 0,
			updated_at: 0
		})
		.execute();
	const info = facts.infoText ?? JSON.stringify(solverDisputeInfo(orderId, { amount: facts.amount, fee: facts.fee, hash, buyer, seller }));
	await db.insertInto('dispute_info').values({ dispute_id: disputeId, order_id: orderId, solver_pubkey: hex(), info, preimage_sealed: null, received_at: 1_700_000_100_000 }).execute();
	return { disputeId, orderId, hash };
}
