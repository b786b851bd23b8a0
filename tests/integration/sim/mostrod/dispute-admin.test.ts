// Dispute open and admin actions over the relay, for v2, v1 and legacy mode (MOSTROD.md §1–§4,
// §9.1 T1, T3, T4, T5, T10; §9.4 CantDo reasons; §9.5 silent cases; §9.6 quirks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAdminAddSolver } from '../../../../src/lib/protocol/actions/admin-add-solver.ts';
import { buildAdminCancel } from '../../../../src/lib/protocol/actions/admin-cancel.ts';
import { buildAdminSettle } from '../../../../src/lib/protocol/actions/admin-settle.ts';
import { buildAdminTakeDispute, readTookDispute, readTookDisputePeer } from '../../../../src/lib/protocol/actions/admin-take-dispute.ts';
import { buildPartyRequest } from '../../../../src/lib/protocol/actions/party.ts';
import { encodeNpub } from '../../../../src/lib/protocol/keys.ts';
import { buildMessage } from '../../../../src/lib/protocol/message.ts';
import { sha256Hex } from '../../../../sim/mostrod/lightning-port.ts';
import { tag, testKey, type Key } from './client.ts';
import { DISPUTE_KIND, MODES, startInfra, startNode, type Infra, type Node } from './harness.ts';

/** Some rows run on a subset of transports (to keep the suite fast); the others are not generated at all. */
function itOnlyWhen(condition: boolean): typeof it {
	return condition ? it : ((() => undefined) as unknown as typeof it);
}

let infra: Infra;
beforeAll(async () => {
	infra = await startInfra();
});
afterAll(() => infra.stop());

const SILENCE_MS = 350;
/** Full matrix on v2; v1 repeats the authorisation-heavy rows; legacy repeats the lifecycle rows. */
const on = (mode: { name: string }, ...names: string[]) => names.includes(mode.name);
const cantDo = (r: { message: { kind: { action: string; payload: unknown } } }) => (r.message.kind.action === 'cant-do' ? (r.message.kind.payload as { cant_do: string }).cant_do : `not cant-do: ${r.message.kind.action}`);

describe.each(MODES)('disputes and admin actions ($name)', (mode) => {
	let node: Node;
	let n = 0;
	const k = (label: string): Key => testKey(`${mode.name}-${label}`);
	const admin: Key = { sk: new Uint8Array(), pk: '' };
	const rw = k('rw-solver');
	const rw2 = k('rw-solver-2');
	const ro = k('read-solver');
	const stranger = k('stranger');
	const rid = () => node.client.nextRequestId();

	beforeAll(async () => {
		node = await startNode(infra, mode, {
			secretKey: `node-${mode.name}`,
			solvers: [
				{ pubkey: rw.pk, permission: 'read-write' },
				{ pubkey: rw2.pk, permission: 'read-write' },
				{ pubkey: ro.pk, permission: 'read' }
			],
			bondEnabled: true
		});
		admin.sk = node.mostrod.secretKey;
		admin.pk = node.mostrod.pubkey;
	});
	afterAll(() => node.stop());

	async function disputed(by: 'buyer' | 'seller' = 'buyer', status: 'active' | 'fiat-sent' = 'fiat-sent', extra = {}) {
		const i = n++;
		const buyer = k(`buyer-${i}`);
		const seller = k(`seller-${i}`);
		await node.client.listen(buyer);
		await node.client.listen(seller);
		const order = await node.mostrod.createOrder({ kind: 'sell', status, buyerPubkey: buyer.pk, sellerPubkey: seller.pk, ...extra });
		const d = await node.mostrod.openDispute(order.id, by);
		return { buyer, seller, order, d };
	}

	async function take(who: Key, disputeId: string) {
		return node.client.request(buildAdminTakeDispute({ disputeId, requestId: rid() }), who);
	}

	it('T1: a party opens a dispute; notices by-peer then by-you with the initiator request_id; 38386 initiated', async () => {
		const buyer = k('t1-buyer');
		const seller = k('t1-seller');
		await node.client.listen(buyer);
		const order = await node.mostrod.createOrder({ kind: 'buy', status: 'active', buyerPubkey: buyer.pk, sellerPubkey: seller.pk });
		const r = rid();
		await node.client.send(buildPartyRequest({ action: 'dispute', orderId: order.id, requestId: r }), seller);
		const you = await node.client.waitAction(seller, 'dispute-initiated-by-you');
		const peer = await node.client.waitAction(buyer, 'dispute-initiated-by-peer');
		expect(peer.at).toBeLessThanOrEqual(you.at);
		const d = node.mostrod.disputeOfOrder(order.id);
		expect(d).toMatchObject({ status: 'initiated', orderPreviousStatus: 'active', solverPubkey: null, takenAt: 0 });
		for (const x of [you, peer]) {
			expect(x.message.variant).toBe('order');
			expect(x.message.kind).toMatchObject({ request_id: r, trade_index: null, id: order.id, payload: { dispute: [d?.id, null] } });
		}
		expect(node.mostrod.order(order.id)).toMatchObject({ status: 'dispute', sellerDispute: true, buyerDispute: false });
		const e = await node.client.waitEvent((x) => x.kind === DISPUTE_KIND(mode) && tag(x, 'd') === d?.id);
		expect(tag(e, 's')).toBe('initiated');
		if (!mode.legacyDisputes) expect(tag(e, 'initiator')).toBe('seller');
	});

	itOnlyWhen(on(mode, 'v2'))('dispute: invalid_pubkey for a stranger, not_allowed_by_status, not_found; second dispute is silent', async () => {
		const buyer = k('t1b-buyer');
		const seller = k('t1b-seller');
		const order = await node.mostrod.createOrder({ kind: 'sell', status: 'active', buyerPubkey: buyer.pk, sellerPubkey: seller.pk });
		expect(cantDo(await node.client.request(buildPartyRequest({ action: 'dispute', orderId: order.id, requestId: rid() }), stranger))).toBe('invalid_pubkey');
		const pending = await node.mostrod.createOrder({ kind: 'sell', status: 'pending', sellerPubkey: seller.pk });
		expect(cantDo(await node.client.request(buildPartyRequest({ action: 'dispute', orderId: pending.id, requestId: rid() }), seller))).toBe('not_allowed_by_status');
		expect(cantDo(await node.client.request(buildPartyRequest({ action: 'dispute', orderId: '11111111-2222-4333-8444-555555555555', requestId: rid() }), seller))).toBe('not_found');
		await node.mostrod.openDispute(order.id, 'buyer');
		expect(await node.client.expectSilence(buildPartyRequest({ action: 'dispute', orderId: order.id, requestId: rid() }), seller, {}, SILENCE_MS)).toBe(true);
	});

	it('T3: a read solver takes an initiated dispute; SolverDisputeInfo with hash/preimage; parties get peer; 38386 in-progress', async () => {
		const { buyer, seller, order, d } = await disputed('buyer');
		const r = await take(ro, d.id);
		expect(r.message.variant).toBe('dispute');
		expect(r.message.kind.id).toBe(d.id);
		const took = readTookDispute(r.message);
		const full = node.mostrod.order(order.id);
		expect(took?.disputeId).toBe(d.id);
		expect(took?.info).toMatchObject({
			id: order.id,
			kind: 'sell',
			status: 'dispute',
			hash: full?.hash,
			preimage: full?.preimage,
			order_previous_status: 'fiat-sent',
			initiator_pubkey: buyer.pk,
			buyer_pubkey: buyer.pk,
			seller_pubkey: seller.pk,
			initiator_full_privacy: true,
			counterpart_full_privacy: true,
			initiator_info: null,
			amount: 10_000,
			fee: 30,
			buyer_invoice: full?.buyerInvoice
		});
		expect(sha256Hex(took?.info?.preimage ?? '')).toBe(took?.info?.hash);
		for (const p of [buyer, seller]) {
			const notice = await node.client.waitAction(p, 'admin-took-dispute', 3000, r.message.kind.request_id);
			expect(readTookDisputePeer(notice.message)).toBe(ro.pk);
			expect(notice.message.kind.id).toBe(order.id);
		}
		expect(node.mostrod.dispute(d.id)).toMatchObject({ status: 'in-progress', solverPubkey: ro.pk });
		const e = await node.client.waitEvent((x) => x.kind === DISPUTE_KIND(mode) && tag(x, 'd') === d.id && tag(x, 's') === 'in-progress');
		expect(e).toBeDefined();
	});

	itOnlyWhen(on(mode, 'v2', 'v1'))('T3 auth: re-take, rw over read takeover, refusals (invalid_pubkey), admin takeover from anyone', async () => {
		const { d } = await disputed();
		expect(readTookDispute((await take(ro, d.id)).message)?.info).not.toBeNull();
		expect(readTookDispute((await take(ro, d.id)).message)?.disputeId).toBe(d.id);
		expect(cantDo(await take(stranger, d.id))).toBe('invalid_pubkey');
		expect(readTookDispute((await take(rw, d.id)).message)).not.toBeNull();
		expect(node.mostrod.dispute(d.id)?.solverPubkey).toBe(rw.pk);
		expect(cantDo(await take(ro, d.id))).toBe('invalid_pubkey');
		expect(cantDo(await take(rw2, d.id))).toBe('invalid_pubkey');
		expect(readTookDispute((await take(admin, d.id)).message)).not.toBeNull();
		expect(node.mostrod.dispute(d.id)?.solverPubkey).toBe(admin.pk);
		expect(cantDo(await take(rw, d.id))).toBe('invalid_pubkey');
		expect(cantDo(await node.client.request(buildAdminSettle({ orderId: d.orderId, requestId: rid() }), rw))).toBe('dispute_taken_by_admin');
	});

	itOnlyWhen(on(mode, 'v2'))('take: unknown dispute id is silent; missing order → not_found; closed dispute → invalid_pubkey; inconsistent flags silent but written', async () => {
		expect(await node.client.expectSilence(buildAdminTakeDispute({ disputeId: '99999999-2222-4333-8444-555555555555', requestId: rid() }), admin, {}, SILENCE_MS)).toBe(true);
		const a = await disputed();
		node.mostrod.deleteOrderRow(a.order.id);
		expect(cantDo(await take(rw, a.d.id))).toBe('not_found');
		const b = await disputed();
		await take(admin, b.d.id);
		await node.client.request(buildAdminCancel({ orderId: b.order.id, requestId: rid() }), admin);
		expect(cantDo(await take(admin, b.d.id))).toBe('invalid_pubkey');
		expect(cantDo(await take(rw, b.d.id))).toBe('invalid_pubkey');
		const c = await disputed();
		node.mostrod.setDisputeFlags(c.order.id, { buyer: true, seller: true });
		expect(await node.client.expectSilence(buildAdminTakeDispute({ disputeId: c.d.id, requestId: rid() }), rw, {}, SILENCE_MS)).toBe(true);
		expect(node.mostrod.dispute(c.d.id)).toMatchObject({ status: 'in-progress', solverPubkey: rw.pk });
	});

	it('T4: rw solver settles; LND invoice SETTLED; admin-settled queued to caller (echo) and parties (null); payout → success', async () => {
		const { buyer, seller, order, d } = await disputed('seller');
		await take(rw, d.id);
		const r = rid();
		const ack = await node.client.request(buildAdminSettle({ orderId: order.id, requestId: r }), rw);
		expect(ack.message.kind).toMatchObject({ action: 'admin-settled', id: order.id, request_id: r, payload: null });
		for (const p of [seller, buyer]) expect((await node.client.waitAction(p, 'admin-settled')).message.kind.request_id).toBeNull();
		const hash = node.mostrod.order(order.id)?.hash ?? '';
		expect(infra.lnd.invoice(hash)?.state).toBe('SETTLED');
		await node.client.waitAction(buyer, 'purchase-completed');
		await node.client.waitAction(buyer, 'rate');
		expect(node.mostrod.order(order.id)?.status).toBe('success');
		expect(node.mostrod.dispute(d.id)?.status).toBe('settled');
		const paid = infra.lnd.payments().find((p) => p.request === order.buyerInvoice);
		expect(paid?.status).toBe('SUCCEEDED');
		await node.client.waitEvent((x) => x.kind === DISPUTE_KIND(mode) && tag(x, 'd') === d.id && tag(x, 's') === 'settled');
		await node.client.waitEvent((x) => x.kind === 38383 && tag(x, 'd') === order.id && tag(x, 's') === 'success');
		expect(cantDo(await node.client.request(buildAdminSettle({ orderId: order.id, requestId: rid() }), rw))).toBe('invalid_order_status');
		expect(cantDo(await node.client.request(buildAdminCancel({ orderId: order.id, requestId: rid() }), rw))).toBe('not_allowed_by_status');
	});

	it('T5: admin key takes then cancels; LND invoice CANCELED; admin-canceled direct to caller, seller, buyer (all echo); 38383 canceled', async () => {
		const { buyer, seller, order, d } = await disputed();
		expect(cantDo(await node.client.request(buildAdminCancel({ orderId: order.id, requestId: rid() }), admin))).toBe('is_not_your_dispute');
		await take(admin, d.id);
		const r = rid();
		const ack = await node.client.request(buildAdminCancel({ orderId: order.id, requestId: r }), admin);
		expect(ack.message.kind).toMatchObject({ action: 'admin-canceled', id: order.id, request_id: r });
		for (const p of [seller, buyer]) expect((await node.client.waitAction(p, 'admin-canceled')).message.kind.request_id).toBe(r);
		expect(infra.lnd.invoice(node.mostrod.order(order.id)?.hash ?? '')?.state).toBe('CANCELED');
		expect(node.mostrod.order(order.id)?.status).toBe('canceled-by-admin');
		expect(node.mostrod.dispute(d.id)?.status).toBe('seller-refunded');
		await node.client.waitEvent((x) => x.kind === DISPUTE_KIND(mode) && tag(x, 'd') === d.id && tag(x, 's') === 'seller-refunded');
		await node.client.waitEvent((x) => x.kind === 38383 && tag(x, 'd') === order.id && tag(x, 's') === 'canceled');
	});

	itOnlyWhen(on(mode, 'v2', 'v1'))('settle/cancel CantDo: not_found, is_not_your_dispute (untaken, taken over), not_authorized (read), invalid_payload (bond)', async () => {
		const missing = '22222222-2222-4333-8444-555555555555';
		expect(cantDo(await node.client.request(buildAdminSettle({ orderId: missing, requestId: rid() }), rw))).toBe('not_found');
		expect(cantDo(await node.client.request(buildAdminCancel({ orderId: missing, requestId: rid() }), rw))).toBe('not_found');
		const { order, d } = await disputed('buyer', 'fiat-sent', { bonds: { buyer: true } });
		expect(cantDo(await node.client.request(buildAdminSettle({ orderId: order.id, requestId: rid() }), rw))).toBe('is_not_your_dispute');
		await take(ro, d.id);
		expect(cantDo(await node.client.request(buildAdminSettle({ orderId: order.id, requestId: rid() }), ro))).toBe('not_authorized');
		expect(cantDo(await node.client.request(buildAdminCancel({ orderId: order.id, requestId: rid() }), ro))).toBe('not_authorized');
		await take(rw, d.id);
		expect(cantDo(await node.client.request(buildAdminSettle({ orderId: order.id, requestId: rid() }), ro))).toBe('is_not_your_dispute');
		const bad = { slash_seller: true, slash_buyer: false };
		expect(cantDo(await node.client.request(buildAdminSettle({ orderId: order.id, requestId: rid(), bondResolution: bad }), rw))).toBe('invalid_payload');
		expect(node.mostrod.order(order.id)?.status).toBe('dispute');
		const ok = await node.client.request(buildAdminCancel({ orderId: order.id, requestId: rid(), bondResolution: { slash_seller: false, slash_buyer: true } }), rw);
		expect(ok.message.kind.action).toBe('admin-canceled');
		await node.mostrod.idle();
		const bond = node.mostrod.bonds(order.id)[0];
		expect(bond).toMatchObject({ side: 'buyer', state: 'pending-payout', slashedReason: 'lost-dispute' });
		expect(infra.lnd.invoice(bond?.hash ?? '')?.state).toBe('SETTLED');
		const slashed = await node.client.waitAction(order.buyerPubkey ?? '', 'bond-slashed');
		expect((slashed.message.kind.payload as { order: { amount: number } }).order.amount).toBe(bond?.amount);
	});

	itOnlyWhen(on(mode, 'v2'))('settle/cancel silent: LND down, settle race, inconsistent flags (cancel keeps dispute after refund)', async () => {
		const a = await disputed();
		await take(rw, a.d.id);
		node.mostrod.setLndDown(true);
		try {
			expect(await node.client.expectSilence(buildAdminSettle({ orderId: a.order.id, requestId: rid() }), rw, {}, SILENCE_MS)).toBe(true);
			expect(await node.client.expectSilence(buildAdminCancel({ orderId: a.order.id, requestId: rid() }), rw, {}, 200)).toBe(true);
		} finally {
			node.mostrod.setLndDown(false);
		}
		expect(node.mostrod.order(a.order.id)?.status).toBe('dispute');
		expect(node.mostrod.dispute(a.d.id)?.status).toBe('in-progress');
		node.mostrod.injectSettleRace();
		expect(await node.client.expectSilence(buildAdminSettle({ orderId: a.order.id, requestId: rid() }), rw, {}, SILENCE_MS)).toBe(true);
		expect(infra.lnd.invoice(node.mostrod.order(a.order.id)?.hash ?? '')?.state).toBe('SETTLED');
		expect(node.mostrod.order(a.order.id)?.status).toBe('dispute');
		expect(node.mostrod.dispute(a.d.id)?.status).toBe('in-progress');
		const b = await disputed();
		await take(rw, b.d.id);
		node.mostrod.setDisputeFlags(b.order.id, { buyer: false, seller: false });
		expect(await node.client.expectSilence(buildAdminCancel({ orderId: b.order.id, requestId: rid() }), rw, {}, SILENCE_MS)).toBe(true);
		expect(infra.lnd.invoice(node.mostrod.order(b.order.id)?.hash ?? '')?.state).toBe('CANCELED');
		expect(node.mostrod.order(b.order.id)?.status).toBe('dispute');
	});

	itOnlyWhen(on(mode, 'v2', 'v1'))('T10: settle/cancel after a cooperative cancel → cooperative-cancel-accepted to the identity; unassigned → is_not_your_dispute', async () => {
		const { order, d } = await disputed();
		await take(rw, d.id);
		await node.mostrod.cooperativeCancel(order.id, 'buyer');
		await node.mostrod.cooperativeCancel(order.id, 'seller');
		expect(node.mostrod.order(order.id)?.status).toBe('cooperatively-canceled');
		const r = rid();
		const reply = await node.client.request(buildAdminSettle({ orderId: order.id, requestId: r }), rw);
		expect(reply.message.kind).toMatchObject({ action: 'cooperative-cancel-accepted', id: order.id, request_id: r, payload: null });
		expect((await node.client.request(buildAdminCancel({ orderId: order.id, requestId: rid() }), rw)).message.kind.action).toBe('cooperative-cancel-accepted');
		expect(cantDo(await node.client.request(buildAdminSettle({ orderId: order.id, requestId: rid() }), rw2))).toBe('is_not_your_dispute');
	});

	itOnlyWhen(on(mode, 'v2', 'v1'))('admin-add-solver: node key only, suffixes, CantDo and silent cases; the new solver can take', async () => {
		const fresh = k('added-solver');
		const add = (text: string | null, _who: Key = admin) =>
			buildMessage({ variant: 'dispute', requestId: rid(), id: '8397bc78-7c98-4b4f-bb49-40c7101391b0', action: 'admin-add-solver', payload: text === null ? null : { text_message: text } });
		const ack = await node.client.request(buildAdminAddSolver({ solverPubkey: fresh.pk, permission: 'read', requestId: rid() }), admin);
		expect(ack.message.variant).toBe('dispute');
		expect(ack.message.kind).toMatchObject({ action: 'admin-add-solver', payload: null });
		expect(ack.message.kind.id).toBeUndefined();
		expect(node.mostrod.user(fresh.pk)).toMatchObject({ isSolver: true, category: 1 });
		const w = k('added-write');
		await node.client.request(add(`${encodeNpub(w.pk)}:write`), admin);
		expect(node.mostrod.user(w.pk)?.category).toBe(2);
		expect(cantDo(await node.client.request(add(null), stranger))).toBe('invalid_text_message');
		expect(cantDo(await node.client.request(add('   '), admin))).toBe('invalid_text_message');
		expect(cantDo(await node.client.request(add(':read'), admin))).toBe('invalid_text_message');
		expect(cantDo(await node.client.request(add(`${encodeNpub(k('x').pk)}:`), admin))).toBe('invalid_parameters');
		expect(cantDo(await node.client.request(add(`${encodeNpub(k('y').pk)}:admin`), admin))).toBe('invalid_parameters');
		expect(cantDo(await node.client.request(add(`${encodeNpub(k('z').pk)}:read:write`), admin))).toBe('invalid_parameters');
		expect(await node.client.expectSilence(add(encodeNpub(k('q').pk), stranger), stranger, {}, 300)).toBe(true);
		expect(await node.client.expectSilence(add(k('hex').pk), admin, {}, 300)).toBe(true);
		expect(await node.client.expectSilence(add(`${encodeNpub(fresh.pk)}:read-write`), admin, {}, 300)).toBe(true);
		expect(node.mostrod.user(fresh.pk)?.category).toBe(1);
		const { d } = await disputed();
		expect(readTookDispute((await take(fresh, d.id)).message)).not.toBeNull();
	});
});
