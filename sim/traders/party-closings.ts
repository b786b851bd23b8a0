// Disputes the parties close themselves, sent as real party messages over Nostr (MOSTROD.md
// §5.1 seller release → dispute `settled`; §5.2 cooperative cancel, both parties → dispute
// `seller-refunded`). Every wait is bounded. Must never send a release from the buyer's key.
import { buildPartyRequest } from '../../src/lib/protocol/actions/party.ts';
import type { ScenarioResult } from './scenarios.ts';

let requestIds = 800_000;

/** The seller releases during the dispute; resolves on `hold-invoice-payment-settled`. */
export async function releaseBySeller(r: ScenarioResult, timeoutMs = 8000): Promise<void> {
	const { trader, key } = r.seller;
	const box = await trader.inbox(key);
	await trader.send(buildPartyRequest({ action: 'release', orderId: r.orderId, requestId: requestIds++ }), key);
	await box.waitAction('hold-invoice-payment-settled', timeoutMs, r.orderId);
}

/** Buyer then seller send `cancel`; resolves on `cooperative-cancel-accepted` to the buyer. */
export async function cooperativeCancel(r: ScenarioResult, timeoutMs = 8000): Promise<void> {
	const buyerBox = await r.buyer.trader.inbox(r.buyer.key);
	await r.buyer.trader.send(buildPartyRequest({ action: 'cancel', orderId: r.orderId, requestId: requestIds++ }), r.buyer.key);
	await buyerBox.waitAction('cooperative-cancel-initiated-by-you', timeoutMs, r.orderId);
	await r.seller.trader.send(buildPartyRequest({ action: 'cancel', orderId: r.orderId, requestId: requestIds++ }), r.seller.key);
	await buyerBox.waitAction('cooperative-cancel-accepted', timeoutMs, r.orderId);
}
