// Dispute scenarios run by two simulated traders against the node double: an order (through the
// control API shortcut, or the real party dance for `full-dance`), a trade chat (G2, or G1 for
// `legacy-chat`; replay + wrong `p` for `scammer-seller`), responders listening for a solver, and
// the dispute opened over Nostr by the initiator (PROTOCOL.md §4.1, §5; MOSTROD.md §1).
// Everything is derived from (seed, label), so `resumeDisputeScenario` rebuilds the same traders
// after a restart. Must never open a second dispute for an order.
import { createHash } from 'node:crypto';
import { buildPartyRequest } from '../../src/lib/protocol/actions/party.ts';
import { buildChatChannel } from '../../src/lib/protocol/chat/keys.ts';
import type { CreateOrderInput } from '../mostrod/control-api.ts';
import { DisputeResponder, type DisclosedKeyKind } from './dispute-responder.ts';
import { runOrderDance } from './order-dance.ts';
import type { Language, OrderFacts } from './reply-scripts.ts';
import { runTradeChat, type TradeChatResult } from './trade-chat.ts';
import { pickSeeded, type Key } from './trader-keys.ts';
import type { TraderCrowd } from './trader-crowd.ts';
import type { Privacy, Trader } from './trader.ts';

export type ScenarioName = 'honest-buyer' | 'honest-seller' | 'scammer-seller' | 'legacy-chat' | 'full-dance';
export const SCENARIOS: readonly ScenarioName[] = ['honest-buyer', 'honest-seller', 'scammer-seller', 'legacy-chat', 'full-dance'];

export type PartySetup = { language: Language; privacy: Privacy; disclose: DisclosedKeyKind };

/** The shortcut the scenarios need from the node double (in-process MostrodDouble or HTTP). */
export type NodeControl = { createOrder(input: CreateOrderInput): Promise<{ id: string }> };
export type ScenarioContext = { crowd: TraderCrowd; control: NodeControl };

export type ScenarioOptions = {
	scenario: ScenarioName;
	initiator: 'buyer' | 'seller';
	/** Unique per dispute within the crowd's seed: names the traders and seeds every choice. */
	label: string;
	buyer?: Partial<PartySetup>;
	seller?: Partial<PartySetup>;
	/** Order status when the dispute opens. Default fiat-sent. */
	orderStatus?: 'active' | 'fiat-sent';
};

export type PartyHandle = { trader: Trader; key: Key; setup: PartySetup; responder: DisputeResponder };

export type ScenarioResult = {
	scenario: ScenarioName;
	label: string;
	initiator: 'buyer' | 'seller';
	orderId: string;
	disputeId: string;
	buyer: PartyHandle;
	seller: PartyHandle;
	/** What each party discloses when asked for its chat key. */
	disclosedKeyKind: { buyer: DisclosedKeyKind; seller: DisclosedKeyKind };
	facts: OrderFacts;
	/** Present when the scenario ran (absent after a resume). */
	tradeChat?: TradeChatResult;
};

const MARKETS = [
	{ fiatCode: 'USD', paymentMethod: 'zelle' },
	{ fiatCode: 'EUR', paymentMethod: 'sepa' },
	{ fiatCode: 'ARS', paymentMethod: 'mercado pago' },
	{ fiatCode: 'VES', paymentMethod: 'pago movil' },
	{ fiatCode: 'MXN', paymentMethod: 'spei' }
] as const;

function planFacts(seed: string, label: string): OrderFacts & { amount: number } {
	const h = createHash('sha256').update(`scenario facts ${seed} ${label}`).digest();
	const m = pickSeeded(seed, `market ${label}`, MARKETS);
	return { ...m, fiatAmount: 20 + (h.readUInt16BE(0) % 480), amount: 10_000 + (h.readUInt16BE(2) % 90) * 1000, reference: `R${h.toString('hex').slice(4, 12).toUpperCase()}` };
}

function setupOf(seed: string, label: string, side: string, given: Partial<PartySetup> | undefined): PartySetup {
	return {
		language: given?.language ?? pickSeeded(seed, `lang ${label} ${side}`, ['en', 'es'] as const),
		privacy: given?.privacy ?? pickSeeded(seed, `privacy ${label} ${side}`, ['reputation', 'full'] as const),
		disclose: given?.disclose ?? pickSeeded(seed, `disclose ${label} ${side}`, ['k-conv', 'ecdh'] as const)
	};
}

async function buildParties(ctx: ScenarioContext, o: ScenarioOptions) {
	const seed = ctx.crowd.seed;
	const bs = setupOf(seed, o.label, 'buyer', o.buyer);
	const ss = setupOf(seed, o.label, 'seller', o.seller);
	const buyer = await ctx.crowd.createTrader({ name: `${o.label}-buyer`, language: bs.language, privacy: bs.privacy });
	const seller = await ctx.crowd.createTrader({ name: `${o.label}-seller`, language: ss.language, privacy: ss.privacy });
	const b = buyer.nextTradeKey();
	const s = seller.nextTradeKey();
	return { bs, ss, buyer, seller, b, s, facts: planFacts(seed, o.label) };
}

async function startResponders(ctx: ScenarioContext, o: ScenarioOptions, p: Awaited<ReturnType<typeof buildParties>>, orderId: string) {
	const facts: OrderFacts = { fiatAmount: p.facts.fiatAmount, fiatCode: p.facts.fiatCode, paymentMethod: p.facts.paymentMethod, reference: p.facts.reference };
	const buyerR = new DisputeResponder(p.buyer, p.b.key, { orderId, role: 'buyer', persona: 'honest', disclose: p.bs.disclose, tradeChannel: buildChatChannel(p.b.key.sk, p.s.key.pk), facts });
	const sellerR = new DisputeResponder(p.seller, p.s.key, {
		orderId,
		role: 'seller',
		persona: o.scenario === 'scammer-seller' ? 'scammer' : 'honest',
		disclose: p.ss.disclose,
		tradeChannel: buildChatChannel(p.s.key.sk, p.b.key.pk),
		facts,
		proofFiles: o.scenario === 'scammer-seller' ? ['pdf'] : ['image', 'pdf']
	});
	await buyerR.start();
	await sellerR.start();
	ctx.crowd.track(buyerR);
	ctx.crowd.track(sellerR);
	return { buyerR, sellerR, facts };
}

let requestIds = 500_000;

/** Run a scenario up to an open (`initiated`) dispute with both parties listening for a solver. */
export async function runDisputeScenario(ctx: ScenarioContext, o: ScenarioOptions): Promise<ScenarioResult> {
	const p = await buildParties(ctx, o);
	const status = o.orderStatus ?? 'fiat-sent';
	const buyerBox = await p.buyer.inbox(p.b.key);
	const sellerBox = await p.seller.inbox(p.s.key);
	let orderId: string;
	if (o.scenario === 'full-dance') {
		orderId = await runOrderDance({ trader: p.seller, ...p.s }, { trader: p.buyer, ...p.b }, p.facts, { fiatSent: status === 'fiat-sent' });
	} else {
		const rep = (k: string) => ({ rating: 4 + (k.charCodeAt(0) % 10) / 10, reviews: 3 + (k.charCodeAt(1) % 40), days: 10 + (k.charCodeAt(2) % 300) });
		const order = await ctx.control.createOrder({
			kind: 'sell',
			status,
			amount: p.facts.amount,
			fiatCode: p.facts.fiatCode,
			fiatAmount: p.facts.fiatAmount,
			paymentMethod: p.facts.paymentMethod,
			buyerPubkey: p.b.key.pk,
			sellerPubkey: p.s.key.pk,
			buyerIdentity: p.buyer.identity?.pk ?? null,
			sellerIdentity: p.seller.identity?.pk ?? null,
			...(p.buyer.identity ? { buyerReputation: rep(p.buyer.identity.pk) } : {}),
			...(p.seller.identity ? { sellerReputation: rep(p.seller.identity.pk) } : {})
		});
		orderId = order.id;
	}
	const tradeChat = await runTradeChat(ctx.crowd.net, {
		buyer: p.b.key,
		seller: p.s.key,
		language: p.bs.language,
		generation: o.scenario === 'legacy-chat' ? 'g1' : 'g2',
		facts: p.facts,
		blobs: p.buyer.blobs,
		scammerSeller: o.scenario === 'scammer-seller',
		label: `${ctx.crowd.seed} ${o.label}`
	});
	const r = await startResponders(ctx, o, p, orderId);
	const initiator = o.initiator === 'buyer' ? { t: p.buyer, k: p.b.key, box: buyerBox } : { t: p.seller, k: p.s.key, box: sellerBox };
	await initiator.t.send(buildPartyRequest({ action: 'dispute', orderId, requestId: requestIds++ }), initiator.k);
	const opened = await initiator.box.waitAction('dispute-initiated-by-you', 8000, orderId);
	const payload = opened.message.kind.payload;
	const disputeId = payload !== null && 'dispute' in payload ? payload.dispute[0] : '';
	if (!disputeId) throw new Error('dispute-initiated-by-you without a dispute id');
	return {
		scenario: o.scenario,
		label: o.label,
		initiator: o.initiator,
		orderId,
		disputeId,
		facts: r.facts,
		tradeChat,
		buyer: { trader: p.buyer, key: p.b.key, setup: p.bs, responder: r.buyerR },
		seller: { trader: p.seller, key: p.s.key, setup: p.ss, responder: r.sellerR },
		disclosedKeyKind: { buyer: p.bs.disclose, seller: p.ss.disclose }
	};
}

/** Rebuild the traders and responders of a scenario that already ran (same seed and label). */
export async function resumeDisputeScenario(ctx: ScenarioContext, o: ScenarioOptions, ids: { orderId: string; disputeId: string }): Promise<ScenarioResult> {
	const p = await buildParties(ctx, o);
	const r = await startResponders(ctx, o, p, ids.orderId);
	return {
		scenario: o.scenario,
		label: o.label,
		initiator: o.initiator,
		...ids,
		facts: r.facts,
		buyer: { trader: p.buyer, key: p.b.key, setup: p.bs, responder: r.buyerR },
		seller: { trader: p.seller, key: p.s.key, setup: p.ss, responder: r.sellerR },
		disclosedKeyKind: { buyer: p.bs.disclose, seller: p.ss.disclose }
	};
}
