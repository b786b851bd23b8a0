// Chat messages written on a replica that does not lead (issue 20): the follower stores the
// message with its audit entry as always, plus the signed outer event in `outgoing_event`; the
// leader publishes every such event (hand-off-relay.ts calls `publishHandedOffChat`), records the
// receipts and clears the event once a relay accepted it; the follower waits a moment for those
// receipts. Publishing the same signed event again (a leader that died before clearing it) gives
// relays and the party one copy of that id. Holds no key: the outer event is public.
import type { Db } from '../../db/index.ts';
import type { MostroEngine } from '../engine.ts';
import type { DomainEventBus } from '../../domain-events/bus.ts';
import type { PublishReceipt } from '../../relays/relay-connection.ts';
import { parseEvent } from '../../../protocol/event.ts';
import { log } from '../../log.ts';
import { recordDelivery } from './chat-repository.ts';
import type { Party } from './chat-channels.ts';

/** How long a follower's send waits for the leader's receipts before it answers without them. */
export const CHAT_HAND_OFF_WAIT_MS = 5_000;
const POLL_MS = 150;

function receiptsOf(text: string): PublishReceipt[] {
	try {
		const value: unknown = JSON.parse(text);
		return Array.isArray(value) ? (value as PublishReceipt[]) : [];
	} catch {
		return [];
	}
}

/** The receipts the leader recorded for a follower's message, or none after `timeoutMs`. */
export async function waitForChatDelivery(db: Db, disputeId: string, party: Party, innerId: string, timeoutMs = CHAT_HAND_OFF_WAIT_MS): Promise<PublishReceipt[]> {
	const giveUpAt = Date.now() + timeoutMs;
	for (;;) {
		const row = await db.selectFrom('chat_messages').select(['delivery', 'outgoing_event']).where('dispute_id', '=', disputeId).where('party', '=', party).where('inner_id', '=', innerId).executeTakeFirst();
		const receipts = row ? receiptsOf(row.delivery) : [];
		if (!row || row.outgoing_event === null || receipts.length > 0 || Date.now() >= giveUpAt) return receipts;
		await new Promise((resolve) => setTimeout(resolve, POLL_MS));
	}
}

/** The leader's round: publishes every chat event a follower stored; resolves with how many it published. */
export async function publishHandedOffChat(db: Db, engine: MostroEngine, events: DomainEventBus): Promise<number> {
	const rows = await db.selectFrom('chat_messages').select(['id', 'dispute_id', 'party', 'inner_id', 'outgoing_event']).where('outgoing_event', 'is not', null).orderBy('id').limit(20).execute();
	let published = 0;
	for (const row of rows) {
		let event;
		try {
			event = parseEvent(JSON.parse(row.outgoing_event ?? ''));
		} catch {
			log.warn('a handed-off chat message could not be read', { message: row.id });
			await db.updateTable('chat_messages').set({ outgoing_event: null }).where('id', '=', row.id).execute();
			continue;
		}
		const receipts = await engine.publish(event);
		if (receipts.length === 0) continue;
		const party: Party = row.party === 'seller' ? 'seller' : 'buyer';
		await recordDelivery(db, row.dispute_id, party, row.inner_id, receipts);
		// Kept until a relay took it, so the next round (or the next leader) tries again.
		if (receipts.some((r) => r.accepted)) await db.updateTable('chat_messages').set({ outgoing_event: null }).where('id', '=', row.id).execute();
		events.deliver([{ type: 'ChatMessageStored', disputeId: row.dispute_id, party, direction: 'out' }]);
		published++;
	}
	return published;
}
