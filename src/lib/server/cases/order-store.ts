// The `orders` and `order_revisions` tables: stores revisions of the orders behind disputes
// (PROTOCOL.md §2, kind 38383) and keeps the current one (newest created_at, tie → lowest
// id): fiat code, amounts and payment methods, which SolverDisputeInfo does not carry. The
// JSON columns `fiat_amount` and `payment_methods` are decoded here and nowhere else (a bad
// one is logged once and shown empty: the order event's facts are supplementary).
import type { Db, Tx } from '../db/index.ts';
import type { LinkedOrder } from './case-types.ts';
import { log } from '../log.ts';
import type { OrderEvent } from '../../protocol/events/order-event.ts';

/** The columns that follow the current revision. */
function currentColumns(order: OrderEvent, now: number) {
	return {
		kind: order.orderKind,
		status: order.status,
		fiat_code: order.fiatCode,
		amount_sats: order.amount,
		fiat_amount: JSON.stringify(order.fiatAmount),
		payment_methods: JSON.stringify(order.paymentMethods),
		premium: order.premium,
		revision_at: order.revisionAt,
		revision_event_id: order.eventId,
		updated_at: now
	};
}

export async function recordOrderRevision(db: Db, order: OrderEvent, raw: string, relay: string, now: number): Promise<boolean> {
	return db.transaction().execute(async (tx) => {
		const inserted = await tx
			.insertInto('orders')
			.values({ id: order.orderId, first_seen_at: now, ...currentColumns(order, now) })
			.onConflict((oc) => oc.column('id').doNothing())
			.executeTakeFirst();
		const created = Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
		const revision = await tx
			.insertInto('order_revisions')
			.values({ event_id: order.eventId, order_id: order.orderId, status: order.status, revision_at: order.revisionAt, raw, relay, received_at: now })
			.onConflict((oc) => oc.column('event_id').doNothing())
			.executeTakeFirst();
		if (Number(revision.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
		if (created) return true;
		const current = await tx.selectFrom('orders').select(['revision_at', 'revision_event_id']).where('id', '=', order.orderId).executeTakeFirstOrThrow();
		const newer = order.revisionAt > current.revision_at || (order.revisionAt === current.revision_at && order.eventId < current.revision_event_id);
		if (!newer) return true;
		await tx.updateTable('orders').set(currentColumns(order, now)).where('id', '=', order.orderId).execute();
		return true;
	});
}

const reported = new Set<string>();

/** A stored JSON array column; a row that does not decode is logged once and reads as empty. */
function jsonArray<T>(orderId: string, column: string, text: string, keep: (item: unknown) => item is T): T[] {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		value = null;
	}
	if (Array.isArray(value)) return value.filter(keep);
	if (!reported.has(`${orderId}:${column}`)) {
		reported.add(`${orderId}:${column}`);
		log.warn('stored order column is unreadable', { orderId, column });
	}
	return [];
}
const isString = (item: unknown): item is string => typeof item === 'string';
const isNumber = (item: unknown): item is number => typeof item === 'number' && Number.isFinite(item);

export async function getOrder(db: Db | Tx, orderId: string | null): Promise<LinkedOrder | null> {
	if (orderId === null) return null;
	const row = await db.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
	if (!row) return null;
	return {
		id: row.id,
		kind: row.kind,
		status: row.status,
		fiatCode: row.fiat_code,
		amountSats: row.amount_sats,
		fiatAmount: jsonArray(row.id, 'fiat_amount', row.fiat_amount, isNumber),
		paymentMethods: jsonArray(row.id, 'payment_methods', row.payment_methods, isString),
		premium: row.premium
	};
}

/** The order's current status and the epoch ms of its current revision, or null. */
export async function getOrderState(db: Db | Tx, orderId: string | null): Promise<{ status: string; revisionAt: number } | null> {
	if (orderId === null) return null;
	const row = await db.selectFrom('orders').select(['status', 'revision_at']).where('id', '=', orderId).executeTakeFirst();
	return row ? { status: row.status, revisionAt: row.revision_at * 1000 } : null;
}
