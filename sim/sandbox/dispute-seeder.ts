// Turns a planned dispute into a real one on the node double: runs the traders' scenario (order,
// trade chat, dispute over Nostr) and then drives it to its planned state — taken by the house
// mediator (with a first dispute-chat message to each party), settled or canceled by it, released
// by the seller, or cooperatively canceled by both parties (MOSTROD.md §2, §3, §5.1, §5.2);
// with bonds on, both parties' bonds are locked on the order first (§3.5).
// Also rebuilds the traders of an already seeded dispute after a restart. Must never run an
// outcome step on a dispute other than the one it just opened.
import { cooperativeCancel, releaseBySeller, resumeDisputeScenario, runDisputeScenario, type ScenarioContext, type ScenarioName, type ScenarioResult } from '../traders/index.ts';
import type { HouseSolver } from './house-solver.ts';
import type { DisputeRecord } from './sandbox-state.ts';
import type { PlannedDispute } from './seed-plan.ts';

/**
 * `onScenario`: told of every scenario run or resumed (the soak benchmark reads the parties' replies);
 * `lockBonds`: with bonds on, locks both parties' bonds on a new dispute's order before its outcome.
 */
export type SeedEnv = { ctx: ScenarioContext; house: HouseSolver; onScenario?: (r: ScenarioResult) => void; lockBonds?: (orderId: string) => Promise<void> };

const OPENERS = {
	en: 'Hello, I am reviewing this dispute. Please describe what happened.',
	es: 'Hola, estoy revisando esta disputa. Por favor, cuéntame qué pasó.',
	pt: 'Olá, estou analisando esta disputa. Por favor, conte o que aconteceu.'
} as const;

function recordOf(r: ScenarioResult, plan: PlannedDispute): DisputeRecord {
	return {
		label: r.label,
		scenario: r.scenario,
		initiator: r.initiator,
		outcome: plan.outcome,
		orderId: r.orderId,
		disputeId: r.disputeId,
		buyerTradePubkey: r.buyer.key.pk,
		sellerTradePubkey: r.seller.key.pk,
		disclosed: r.disclosedKeyKind,
		languages: { buyer: r.buyer.setup.language, seller: r.seller.setup.language }
	};
}

export async function seedDispute(env: SeedEnv, label: string, plan: PlannedDispute): Promise<DisputeRecord> {
	const r = await runDisputeScenario(env.ctx, { scenario: plan.scenario, initiator: plan.initiator, label, buyer: plan.buyer, seller: plan.seller, orderStatus: plan.orderStatus });
	env.onScenario?.(r);
	await env.lockBonds?.(r.orderId);
	switch (plan.outcome) {
		case 'open':
			break;
		case 'seller-released':
			await releaseBySeller(r);
			break;
		case 'cooperative-cancel':
			await cooperativeCancel(r);
			break;
		default: {
			await env.house.take(r.disputeId);
			await env.house.say(r.buyer.key.pk, OPENERS[r.buyer.setup.language]);
			await env.house.say(r.seller.key.pk, OPENERS[r.seller.setup.language]);
			if (plan.outcome === 'admin-settled') await env.house.settle(r.orderId);
			if (plan.outcome === 'admin-canceled') await env.house.cancel(r.orderId);
		}
	}
	return recordOf(r, plan);
}

/** Rebuild the listening traders of a dispute seeded in an earlier run (open ones only). */
export async function resumeDispute(env: SeedEnv, rec: DisputeRecord, plan: PlannedDispute): Promise<ScenarioResult | null> {
	if (rec.outcome !== 'open' && rec.outcome !== 'in-progress') return null;
	const r = await resumeDisputeScenario(env.ctx, { scenario: rec.scenario as ScenarioName, initiator: rec.initiator, label: rec.label, buyer: plan.buyer, seller: plan.seller }, rec);
	if (r) env.onScenario?.(r);
	return r;
}
