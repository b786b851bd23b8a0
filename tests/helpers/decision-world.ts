// Helpers for decision tests: a registered mediator, a taken dispute with its order, and a
// well-formed decision request, on top of the console world.
import { expect } from 'vitest';
import type { ConsoleWorld } from './console-node.ts';
import { waitFor } from './wait-for.ts';
import { executeAddSolver } from '../../src/lib/server/mostro/actions/add-solver.ts';
import { executeTake } from '../../src/lib/server/mostro/actions/take-dispute.ts';
import { encodeNsec } from '../../src/lib/protocol/keys.ts';
import type { DecisionInput } from '../../src/lib/server/mostro/actions/decision-rules.ts';
import type { Key } from '../integration/sim/mostrod/client.ts';

export async function registeredMediator(world: ConsoleWorld, name: string, permission: 'read' | 'read-write') {
	const user = await world.addMediator(name);
	const outcome = await executeAddSolver(world.services, world.operator, user.id, { permission, nodeKey: encodeNsec(world.node.secretKey), keepNodeKey: false });
	expect(outcome.state).toBe('acknowledged');
	return user;
}

export async function openDispute(world: ConsoleWorld, parties: { buyer: Key; seller: Key }, options: { bonds?: { buyer?: boolean; seller?: boolean }; amount?: number } = {}) {
	const order = await world.node.createOrder({ kind: 'sell', buyerPubkey: parties.buyer.pk, sellerPubkey: parties.seller.pk, amount: options.amount ?? 50_000, fiatCode: 'VES', fiatAmount: 1200, bonds: options.bonds });
	const dispute = await world.node.openDispute(order.id, 'buyer');
	await waitFor(() => world.database.db.selectFrom('disputes').select('id').where('id', '=', dispute.id).executeTakeFirst(), 'the dispute in the console');
	return { orderId: order.id, disputeId: dispute.id, hash: world.node.order(order.id)?.hash ?? '' };
}

export async function takenDispute(world: ConsoleWorld, user: Parameters<typeof executeTake>[1], parties: { buyer: Key; seller: Key }, options: Parameters<typeof openDispute>[2] = {}) {
	const opened = await openDispute(world, parties, options);
	expect((await executeTake(world.services, user, opened.disputeId, { confirmedTakeover: false })).state).toBe('acknowledged');
	return opened;
}

export function decisionInput(orderId: string, outcome: 'settle' | 'cancel', extra: Partial<DecisionInput> = {}): DecisionInput {
	return { outcome, slashBuyer: false, slashSeller: false, reasonCode: 'fiat_not_received', justification: 'Bank statement shows no payment arrived.', confirmOrderId: orderId, ...extra };
}

export async function disputeStatus(world: ConsoleWorld, disputeId: string): Promise<string | undefined> {
	return (await world.database.db.selectFrom('disputes').select('status').where('id', '=', disputeId).executeTakeFirst())?.status;
}

export async function auditActions(world: ConsoleWorld): Promise<string[]> {
	return (await world.database.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action);
}
