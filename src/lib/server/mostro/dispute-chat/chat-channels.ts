// The dispute-chat channels of every dispute a console user holds (PROTOCOL.md §5.4):
// ECDH(the holding key's secret, party trade key) → K_conv / K_sign per party. Derived keys
// live only in server memory, indexed by the conversation pubkeys relays tag events with.
// The solver secret is wiped as soon as the channels are derived; nothing here is logged.
import { listHeldDisputes } from '../../cases/dispute-store.ts';
import { openHoldingKey, type HoldingKeyServices } from '../../vault/holding-key.ts';
import { buildChatChannel, type ChatChannel } from '../../../protocol/chat/keys.ts';
import { buildChatChannelView, type ChatChannelView } from '../../../protocol/chat/unwrap.ts';

export type Party = 'buyer' | 'seller';

export interface PartyChannel {
	disputeId: string;
	party: Party;
	partyPubkey: string;
	solverPubkey: string;
	holderUserId: number;
	channel: ChatChannel;
	view: ChatChannelView;
	allowedSigners: ReadonlySet<string>;
}

export class ChatChannels {
	readonly #byConv = new Map<string, PartyChannel>();
	readonly #byLegacy = new Map<string, PartyChannel>();
	readonly #byDispute = new Map<string, Partial<Record<Party, PartyChannel>>>();

	get(disputeId: string, party: Party): PartyChannel | null {
		return this.#byDispute.get(disputeId)?.[party] ?? null;
	}

	byConversation(pubkey: string): PartyChannel | null {
		return this.#byConv.get(pubkey) ?? null;
	}

	byLegacy(pubkey: string): PartyChannel | null {
		return this.#byLegacy.get(pubkey) ?? null;
	}

	conversationPubkeys(): string[] {
		return [...this.#byConv.keys()];
	}

	/** pub(K_sign) of every channel: the authors a kind-14 chat subscription asks for (PROTOCOL.md §5.4). */
	signPubkeys(): string[] {
		return [...this.#byConv.values()].map((entry) => entry.channel.signPubkey);
	}

	legacyPubkeys(): string[] {
		return [...this.#byLegacy.keys()];
	}

	/** Rebuilds every channel from the disputes our users hold (after a take, at start-up). */
	async rebuild(keys: HoldingKeyServices): Promise<void> {
		const rows = await listHeldDisputes(keys.db);
		this.#byConv.clear();
		this.#byLegacy.clear();
		this.#byDispute.clear();
		for (const row of rows) {
			// The holder's solver key, or the node key where the node key holds it (operator route).
			const key = await openHoldingKey(keys, row.holderUserId, row.solverPubkey);
			if (!key || key.pubkey !== row.solverPubkey) {
				key?.secret.fill(0);
				continue;
			}
			try {
				const parties: Partial<Record<Party, PartyChannel>> = {};
				for (const [party, partyPubkey] of [
					['buyer', row.buyerPubkey],
					['seller', row.sellerPubkey]
				] as const) {
					if (!partyPubkey) continue;
					const channel = buildChatChannel(key.secret, partyPubkey);
					const entry: PartyChannel = {
						disputeId: row.id,
						party,
						partyPubkey,
						solverPubkey: key.pubkey,
						holderUserId: row.holderUserId,
						channel,
						view: buildChatChannelView(channel.convSecret, channel.signPubkey),
						allowedSigners: new Set([partyPubkey, key.pubkey])
					};
					parties[party] = entry;
					this.#byConv.set(channel.convPubkey, entry);
					this.#byLegacy.set(channel.legacyPubkey, entry);
				}
				this.#byDispute.set(row.id, parties);
			} finally {
				key.secret.fill(0);
			}
		}
	}
}
