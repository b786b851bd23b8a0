// Durable outer-event dedup for the dispute chat (PROTOCOL.md §5.3 step 5, made to survive a
// restart): the outer event ids of a conversation's stored messages, loaded from the database
// the first time the conversation sees an event. A relay delivering an accepted event again is
// the same message, dropped silently before any check; a new outer event re-wrapping a stored
// inner message is not in here and still meets the replay check. Holds ids only, never text.
import type { Db } from '../../db/index.ts';
import type { PartyChannel } from './chat-channels.ts';
import { knownOuterIds } from './chat-repository.ts';

export class AcceptedOuterIds {
	/** Promises, so two callers loading the same conversation at once share one set. */
	readonly #byConversation = new Map<string, Promise<Set<string>>>();

	async has(db: Db, channel: PartyChannel, outerId: string): Promise<boolean> {
		return (await this.#load(db, channel)).has(outerId);
	}

	/** After a message is stored (received, or sent by us) with this outer event. */
	async add(db: Db, channel: PartyChannel, outerId: string): Promise<void> {
		(await this.#load(db, channel)).add(outerId);
	}

	/** Forget what was loaded (the channels were rebuilt); the database stays the truth. */
	clear(): void {
		this.#byConversation.clear();
	}

	#load(db: Db, channel: PartyChannel): Promise<Set<string>> {
		const key = `${channel.disputeId}:${channel.party}`;
		let ids = this.#byConversation.get(key);
		if (!ids) {
			ids = knownOuterIds(db, channel.disputeId, channel.party).then((list) => new Set(list));
			// A failed read is not remembered: the next event tries the database again.
			ids.catch(() => this.#byConversation.delete(key));
			this.#byConversation.set(key, ids);
		}
		return ids;
	}
}
