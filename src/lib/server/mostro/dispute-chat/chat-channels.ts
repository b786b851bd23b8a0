// The dispute-chat channels of every dispute a console user holds (PROTOCOL.md §5.4):
// ECDH(the holding key's secret, party trade key) → K_conv / K_sign per party. Derived keys
// live only in server memory, indexed by the conversation pubkeys relays tag events with.
// The solver secret is wiped as soon as the channels are derived; nothing here is logged.
import { listHeldDisputes } from '../../cases/dispute-store.ts';
import { log } from '../../log.ts';
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
	#rebuilding: Promise<void> = Promise.resolve();

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

	/**
	 * Rebuilds every channel from the disputes our users hold (after a take, at start-up). A
	 * channel already derived for the same dispute, party, holder and keys is kept: deriving one
	 * costs several point multiplications, and a console holding hundreds of disputes must not
	 * spend seconds of its event loop on every take (a cold start still derives them all once).
	 * Rebuilds run one after another and the maps are swapped at once at the end.
	 */
	/** Resolves once no rebuild is running or queued (a take's channels may be being derived). */
	idle(): Promise<void> {
		return this.#rebuilding;
	}

	rebuild(keys: HoldingKeyServices): Promise<void> {
		const run = this.#rebuilding.then(() => this.#rebuildOnce(keys));
		this.#rebuilding = run.catch(() => undefined);
		return run;
	}

	async #rebuildOnce(keys: HoldingKeyServices): Promise<void> {
		const rows = await listHeldDisputes(keys.db);
		const known = new Map<string, PartyChannel>();
		for (const parties of this.#byDispute.values()) for (const entry of Object.values(parties)) known.set(reuseKey(entry.disputeId, entry.party, entry.holderUserId, entry.solverPubkey, entry.partyPubkey), entry);
		const next = new Map<string, Partial<Record<Party, PartyChannel>>>();
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
					const kept = known.get(reuseKey(row.id, party, row.holderUserId, key.pubkey, partyPubkey));
					if (kept) {
						parties[party] = kept;
						continue;
					}
					let channel: ChatChannel;
					try {
						channel = buildChatChannel(key.secret, partyPubkey);
					} catch {
						// A party key that is no curve point (a node's or a sandbox's mistake) costs that
						// one channel, never every other dispute's chat.
						log.warn('a dispute party key is not a valid public key; no chat channel for it', { disputeId: row.id, party });
						continue;
					}
					parties[party] = {
						disputeId: row.id,
						party,
						partyPubkey,
						solverPubkey: key.pubkey,
						holderUserId: row.holderUserId,
						channel,
						view: buildChatChannelView(channel.convSecret, channel.signPubkey),
						allowedSigners: new Set([partyPubkey, key.pubkey])
					};
				}
				next.set(row.id, parties);
			} finally {
				key.secret.fill(0);
			}
		}
		this.#byConv.clear();
		this.#byLegacy.clear();
		this.#byDispute.clear();
		for (const [disputeId, parties] of next) {
			this.#byDispute.set(disputeId, parties);
			for (const entry of Object.values(parties)) {
				this.#byConv.set(entry.channel.convPubkey, entry);
				this.#byLegacy.set(entry.channel.legacyPubkey, entry);
			}
		}
	}
}

function reuseKey(disputeId: string, party: Party, holderUserId: number, solverPubkey: string, partyPubkey: string): string {
	return `${disputeId}:${party}:${holderUserId}:${solverPubkey}:${partyPubkey}`;
}
