// Sending a text to one party of a dispute (PRODUCT.md capability 4; PROTOCOL.md §5.7): the one
// reader of the message (`party`, `text`) shared by the case page's form and
// POST /api/v1/disputes/:id/messages, and the command both call. The rules (holder only, length)
// are the chat service's; bad input is a Refusal(invalid_input) naming the field.
import type { MostroServices } from '../services.ts';
import type { PublishReceipt } from '../../relays/relay-connection.ts';
import type { PersonActor } from '../../auth/actor.ts';
import { Refusal } from '../../errors.ts';
import type { Party } from './chat-channels.ts';

export interface ChatTextInput {
	party: Party;
	text: string;
}

/** The party a form or JSON body names, or a Refusal on `party`. */
export function parseChatParty(raw: Record<string, unknown>): Party {
	const { party } = raw;
	if (party !== 'buyer' && party !== 'seller') throw new Refusal('invalid_input', 'chat.error.party', { field: 'party' });
	return party;
}

export function parseChatText(raw: Record<string, unknown>): ChatTextInput {
	const party = parseChatParty(raw);
	if (typeof raw.text !== 'string') throw new Refusal('invalid_input', 'chat.error.length', { field: 'text' });
	return { party, text: raw.text };
}

export function sendChatText(services: Pick<MostroServices, 'chat'>, actor: PersonActor, disputeId: string, input: ChatTextInput): Promise<{ innerId: string; receipts: PublishReceipt[] }> {
	return services.chat.send(actor, disputeId, input.party, input.text);
}
