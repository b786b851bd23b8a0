// A seeded period for the report tests: users, disputes with public revisions, journal
// rows, and the ids/pubkeys that must never reach a report or its CSV.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../../../../src/lib/server/db/index.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';

export const T0 = Date.parse('2025-03-01T00:00:00Z') / 1000;
export const NOW_MS = Date.parse('2025-03-10T00:00:00Z');
const H = 3_600;

export interface Seeded {
	alice: number;
	bob: number;
	/** Every dispute id, order id and pubkey written, to prove none leaks. */
	secrets: string[];
}

const hex = () => randomBytes(32).toString('hex');

export async function seedReport(db: Db): Promise<Seeded> {
	const alice = await insertUser(db, { name: 'alice', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	const bob = await insertUser(db, { name: 'bob', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	const secrets: string[] = [];
	let request = 1;
	const ids: Record<string, string> = {};

	async function dispute(label: string, opened: number, status: string, extra: { holder?: number; escrow?: number; revisions?: Array<[string, number]> } = {}) {
		const id = randomUUID();
		const order = randomUUID();
		const buyer = hex();
		const seller = hex();
		ids[label] = id;
		secrets.push(id, order, buyer, seller);
		const revisions = extra.revisions ?? [];
		const last = revisions.at(-1)?.[1] ?? opened + 3 * H;
		await db
			.insertInto('disputes')
			.values({
				id,
				status,
				initiator: 'buyer',
				opened_at: opened,
				first_seen_at: opened * 1000,
				revision_at: last,
				revision_event_id: hex(),
				order_id: order,
				buyer_pubkey: buyer,
				seller_pubkey: seller,
				holder_user_id: extra.holder ?? null,
				escrow_deadline: extra.escrow ?? null,
				updated_at: 0
			})
			.execute();
		for (const [revStatus, at] of revisions) {
			const eventId = hex();
			secrets.push(eventId);
			await db
				.insertInto('dispute_revisions')
				.values({ event_id: eventId, dispute_id: id, status: revStatus, revision_at: at, kind: 38386, raw: '{}', relay: 'ws://relay', received_at: at * 1000 })
				.execute();
		}
		return id;
	}

	async function journal(disputeId: string, action: string, actor: number, state: string, details: Record<string, unknown> = {}, at = NOW_MS - 1000) {
		const signer = hex();
		secrets.push(signer);
		await db
			.insertInto('action_journal')
			.values({ request_id: request++, action, dispute_id: disputeId, order_id: null, actor_user_id: actor, signer_pubkey: signer, event_id: hex(), state, details: JSON.stringify(details), created_at: at, updated_at: at })
			.execute();
	}

	// Mar 1: taken after 10 min by alice, settled after 2 h in the console with a seller bond slash; 5 h of escrow left.
	const d1 = await dispute('d1', T0 + H, 'settled', {
		holder: alice,
		escrow: T0 + H + 2 * H + 5 * H,
		revisions: [
			['initiated', T0 + H],
			['in-progress', T0 + H + 600],
			['settled', T0 + 3 * H]
		]
	});
	await journal(d1, 'admin-take-dispute', alice, 'acknowledged');
	await journal(d1, 'admin-settle', alice, 'acknowledged', { slashSeller: true, slashBuyer: false });
	// Mar 1: taken after 30 min by bob, refunded to the seller after 10 h in the console (reconciled); 24 h left.
	const d2 = await dispute('d2', T0 + 2 * H, 'seller-refunded', {
		holder: bob,
		escrow: T0 + 12 * H + 24 * H,
		revisions: [
			['in-progress', T0 + 2 * H + 1800],
			['seller-refunded', T0 + 12 * H]
		]
	});
	await journal(d2, 'admin-take-dispute', bob, 'acknowledged');
	await journal(d2, 'admin-cancel', bob, 'reconciled');
	// Mar 2: taken after 1 h outside the console, settled after 30 h outside the console.
	const day2 = T0 + 86_400;
	await dispute('d3', day2, 'settled', {
		revisions: [
			['initiated', day2],
			['in-progress', day2 + H],
			['settled', day2 + 30 * H]
		]
	});
	// Mar 2: released by the seller after 3 h; no revision rows stored (falls back to revision_at).
	await dispute('d4', day2 + H, 'released', { revisions: [] });
	await db
		.updateTable('disputes')
		.set({ revision_at: day2 + 4 * H })
		.where('id', '=', ids.d4!)
		.execute();
	// Mar 3: bob took it after 2 h, alice took it over; still open with 1 h of escrow left now.
	const day3 = T0 + 2 * 86_400;
	const d5 = await dispute('d5', day3, 'in-progress', { holder: alice, escrow: NOW_MS / 1000 + H, revisions: [['in-progress', day3 + 2 * H]] });
	await journal(d5, 'admin-take-dispute', bob, 'acknowledged');
	await journal(d5, 'admin-take-dispute', alice, 'acknowledged');
	// Mar 3: still new; and one whose take was refused (counts for nobody).
	await dispute('d6', day3 + H, 'initiated');
	const d8 = await dispute('d8', day3 + 2 * H, 'initiated');
	await journal(d8, 'admin-take-dispute', bob, 'refused');
	// Feb 28 and Mar 4: outside the period.
	const before = await dispute('d7', T0 - H, 'settled', { holder: alice, revisions: [['settled', T0]] });
	await journal(before, 'admin-settle', alice, 'acknowledged', { slashSeller: true, slashBuyer: true });
	await dispute('d9', T0 + 3 * 86_400, 'initiated');
	return { alice, bob, secrets };
}
