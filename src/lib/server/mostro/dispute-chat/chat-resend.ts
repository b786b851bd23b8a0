// "Send again" for a dispute-chat message of ours that no relay accepted (issue 15, "Nothing
// lost"; PROTOCOL.md §5.4): the console stopped before publishing it, or every relay was down
// or refused it. The message was stored (with its audit entry) when it was written; sending it
// again publishes the very same signed outer event kept with it (same event id), so relays and
// the party keep one copy whatever happened to the first attempt, and the stored row stays one
// row. Only the holder may do it, only while no relay has accepted the message, and one attempt
// at a time per message. Each attempt is audited. On a replica that does not lead, the leader
// publishes it (chat-hand-off.ts). Never re-signs, re-wraps or logs the text.
import type { MostroServices } from '../services.ts';
import type { PersonActor } from '../../auth/actor.ts';
import type { PublishReceipt } from '../../relays/relay-connection.ts';
import { appendAudit } from '../../audit/log.ts';
import { Refusal } from '../../errors.ts';
import { crashIfArmed } from '../../test-crash-point.ts';
import { recordDelivery } from './chat-repository.ts';
import { waitForChatDelivery } from './chat-hand-off.ts';

type Services = Pick<MostroServices, 'db' | 'engine' | 'events' | 'chat'>;

/** The message a "send again" form names, or a Refusal on `messageId`. */
export function parseResendInput(raw: Record<string, unknown>): { messageId: number } {
	const id = typeof raw.messageId === 'string' && /^[1-9][0-9]{0,15}$/.test(raw.messageId) ? Number(raw.messageId) : NaN;
	if (!Number.isSafeInteger(id)) throw new Refusal('invalid_input', 'chat.error.no_message', { field: 'messageId' });
	return { messageId: id };
}

/** Messages being sent again right now (per console process): a second click waits its turn and finds it sent. */
const resending = new Set<number>();

/** Whether any relay accepted the message (its stored receipts). */
export function acceptedByAnyRelay(delivery: string): boolean {
	try {
		const receipts: unknown = JSON.parse(delivery);
		return Array.isArray(receipts) && receipts.some((r) => typeof r === 'object' && r !== null && (r as { accepted?: unknown }).accepted === true);
	} catch {
		return false;
	}
}

/** The kept outer event, when it is one and is the stored message's (its id is the row's outer id). */
function keptEvent(json: string | null, outerId: string): { id: string } | null {
	if (!json) return null;
	try {
		const event: unknown = JSON.parse(json);
		return typeof event === 'object' && event !== null && (event as { id?: unknown }).id === outerId ? (event as { id: string }) : null;
	} catch {
		return null;
	}
}

export async function resendChatMessage(services: Services, actor: PersonActor, disputeId: string, messageId: number): Promise<{ receipts: PublishReceipt[] }> {
	const { db } = services;
	if (resending.has(messageId)) throw new Refusal('conflict', 'chat.error.resending');
	resending.add(messageId);
	try {
		const row = await db
			.selectFrom('chat_messages')
			.select(['id', 'party', 'direction', 'inner_id', 'outer_id', 'delivery', 'outer_event', 'sent_by_user_id'])
			.where('id', '=', messageId)
			.where('dispute_id', '=', disputeId)
			.executeTakeFirst();
		if (!row || row.direction !== 'out' || row.sent_by_user_id === null || (row.party !== 'buyer' && row.party !== 'seller')) throw new Refusal('not_found', 'chat.error.no_message');
		const party = row.party;
		const channel = await services.chat.channel(disputeId, party);
		if (!channel) throw new Refusal('not_found', 'chat.error.no_channel');
		if (channel.holderUserId !== actor.userId) throw new Refusal('not_authorized', 'chat.error.not_holder');
		if (acceptedByAnyRelay(row.delivery)) throw new Refusal('conflict', 'chat.error.already_delivered');
		const event = keptEvent(row.outer_event, row.outer_id);
		if (!event) throw new Refusal('conflict', 'chat.error.cannot_resend');
		await db.transaction().execute((tx) => appendAudit(tx, actor, { action: 'chat.message_resent', subject: `dispute:${disputeId}`, details: { party, innerId: row.inner_id, outerId: row.outer_id }, at: Date.now() }));
		if (!services.chat.leading) {
			// A replica that does not lead has no relay connection: the leader publishes the kept
			// event (chat-hand-off.ts), the same way as a message first written here.
			await db.updateTable('chat_messages').set({ outgoing_event: row.outer_event }).where('id', '=', row.id).execute();
			return { receipts: await waitForChatDelivery(db, disputeId, party, row.inner_id) };
		}
		const receipts = await services.engine.publish(event);
		crashIfArmed('chat-after-publish');
		await recordDelivery(db, disputeId, party, row.inner_id, receipts);
		services.events.deliver([{ type: 'ChatMessageStored', disputeId, party, direction: 'out' }]);
		return { receipts };
	} finally {
		resending.delete(messageId);
	}
}
