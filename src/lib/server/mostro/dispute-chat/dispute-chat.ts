// The dispute chat with each party (PRODUCT.md capability 4; PROTOCOL.md §5.3–§5.4): reads
// current (kind 14) and legacy (kind 1059) messages on the channels of disputes our users
// hold, runs the full validation order with durable dedup, rate-limits live floods per
// conversation before any signature check (history recovered from relays is bounded by
// paging instead, and a refused live event is re-read later), and sends current-generation
// messages signed with the holder's solver key. Text is never logged; rejections are stored
// with a reason when they carry a party's signature, anyone's junk only counted (junk-tally.ts).
// On a replica that does not lead, the channels are rebuilt from the database when asked for and
// a message is stored for the leader to publish (chat-hand-off.ts).
import type { MostroServices } from '../services.ts';
import { inTransaction } from '../../domain-events/in-transaction.ts';
import { appendAudit } from '../../audit/log.ts';
import { Refusal } from '../../errors.ts';
import { SeenIds } from '../../relays/seen-ids.ts';
import { ChatRecovery } from './chat-recovery.ts';
import { filterValueChunks } from '../../relays/filter-chunks.ts';
import { ChatIntakeQueue, type Lane } from './chat-intake-queue.ts';
import { log } from '../../log.ts';
import type { PublishReceipt } from '../../relays/relay-connection.ts';
import { openHoldingKey, type HoldingKeyServices } from '../../vault/holding-key.ts';
import { ChatChannels, type Party, type PartyChannel } from './chat-channels.ts';
import { insertChatMessage, insertChatRejection, knownInnerIds, recordDelivery } from './chat-repository.ts';
import { AcceptedOuterIds } from './accepted-outer.ts';
import { waitForChatDelivery } from './chat-hand-off.ts';
import { tallyJunk } from './junk-tally.ts';
import { crashIfArmed } from '../../test-crash-point.ts';
import { CHAT_REJECT_STEP, unwrapChatMessage } from '../../../protocol/chat/unwrap.ts';
import { unwrapLegacyChat } from '../../../protocol/chat/legacy.ts';
import { wrapChatMessage } from '../../../protocol/chat/wrap.ts';
import { buildTokenBucket, type DedupStore, type RateLimiter } from '../../../protocol/chat/stores.ts';
import { parseChatContent } from '../../../protocol/attachments.ts';
import type { NostrEvent } from '../../../protocol/event.ts';
import type { PersonActor } from '../../auth/actor.ts';

export const MAX_CHAT_TEXT = 4000;
const LOOKBACK_SECONDS = 30 * 86400;
const LEGACY_LOOKBACK_SECONDS = LOOKBACK_SECONDS + 2 * 86400;
/** A recovery pass asks for its next page once at most this many events wait. */
const RECOVERY_LOW_WATER = 1_000;

export class DisputeChat {
	readonly channels = new ChatChannels();
	readonly #services: Pick<MostroServices, 'db' | 'sealer' | 'engine' | 'events' | 'archive' | 'launcherNodeKey'>;
	readonly #limiter: RateLimiter;
	readonly #seenOuter = new SeenIds(100_000);
	readonly #accepted = new AcceptedOuterIds();
	readonly #seenInner = new Map<string, Set<string>>();
	/** Per conversation: live events the flood limit held back and no recovery pass has read yet. */
	readonly #heldBack = new Map<string, Set<string>>();
	/** Per conversation: events dropped before any cryptography (wrong author or malformed). */
	readonly #junk = new Map<string, number>();
	readonly #queue: ChatIntakeQueue;
	/** Events the full intake queue refused since start-up (each is read again by a recovery pass). */
	#overflowed = 0;
	readonly #recovery: ChatRecovery;
	readonly #leads: () => boolean;
	#channelsAt = 0;

	constructor(services: Pick<MostroServices, 'db' | 'sealer' | 'engine' | 'events' | 'archive' | 'launcherNodeKey'>, limiter: RateLimiter = buildTokenBucket(30, 60), leads: () => boolean = () => true) {
		this.#services = services;
		this.#limiter = limiter;
		this.#leads = leads;
		this.#queue = new ChatIntakeQueue((event, lane) => this.#receive(event, lane));
		this.#recovery = new ChatRecovery({
			query: (filters, timeoutMs) => this.#services.engine.query(filters, timeoutMs),
			deliver: (event) => this.#enqueue(event, 'recovered'),
			// A page waits for room before the next is asked for: recovery never fills the queue.
			room: () => this.#queue.room(RECOVERY_LOW_WATER)
		});
	}

	#holdingKeys(): HoldingKeyServices {
		const { db, sealer, launcherNodeKey, engine } = this.#services;
		return { db, sealer, launcherNodeKey, nodePubkey: () => engine.nodePubkey };
	}

	/** Rebuilds the channels and the relay subscription (after a take or at start-up). */
	async refresh(): Promise<void> {
		await this.channels.rebuild(this.#holdingKeys());
		this.#seenInner.clear();
		this.#accepted.clear();
		// By author (pub(K_sign)), never only by #p: anyone can post to a conversation's p tag and
		// push a party's message out of a relay's answer (PROTOCOL.md §5.3–5.4). Legacy gift wraps
		// have throwaway authors, so they can only be asked for by #p.
		const authors = this.channels.signPubkeys();
		const legacy = this.channels.legacyPubkeys();
		const lookback = () => Math.floor(Date.now() / 1000) - LOOKBACK_SECONDS;
		this.#services.engine.watch('dispute-chat', {
			filters: () => {
				const now = Math.floor(Date.now() / 1000);
				const filters: Record<string, unknown>[] = [];
				// Live events only (`limit: 0`): what was written while we were away is read by the
				// recovery pass that every (re)subscription starts, outside the live flood limit.
				if (authors.length > 0) {
					for (const chunk of filterValueChunks(authors)) filters.push({ kinds: [14], authors: chunk, since: now - LOOKBACK_SECONDS, limit: 0 });
					this.#recovery.recoverAll(() => this.channels.signPubkeys(), lookback);
				}
				for (const chunk of filterValueChunks(legacy)) filters.push({ kinds: [1059], '#p': chunk, since: now - LEGACY_LOOKBACK_SECONDS });
				return filters;
			},
			handler: (event) => this.#enqueue(event, 'live')
		});
		if (authors.length > 0) this.#recovery.recoverAll(() => this.channels.signPubkeys(), lookback);
	}

	/**
	 * One party's channel of a dispute our user holds, or null. The leader keeps them current from
	 * its takes; a follower (no engine) rebuilds them from the database, at most once a second.
	 */
	async channel(disputeId: string, party: Party): Promise<PartyChannel | null> {
		if (!this.#leads() && Date.now() - this.#channelsAt > 1000) {
			await this.channels.rebuild(this.#holdingKeys());
			this.#channelsAt = Date.now();
		}
		// A dispute just taken: its channels may still be being derived.
		return this.channels.get(disputeId, party) ?? (await this.channels.idle(), this.channels.get(disputeId, party));
	}

	/** Whether this replica leads the engine (publishes itself) or hands its messages to the leader. */
	get leading(): boolean {
		return this.#leads();
	}

	/** Per conversation: how many live events the flood limit held back, not yet read again (shown on the case page). */
	rateLimitedCount(disputeId: string, party: Party): number {
		return this.#heldBack.get(`${disputeId}:${party}`)?.size ?? 0;
	}

	/** Per conversation: events dropped on sight as not written with the conversation's key. */
	junkCount(disputeId: string, party: Party): number {
		return this.#junk.get(`${disputeId}:${party}`) ?? 0;
	}

	async #innerStore(channel: PartyChannel): Promise<DedupStore> {
		const key = `${channel.disputeId}:${channel.party}`;
		let seen = this.#seenInner.get(key);
		if (!seen) {
			seen = new Set(await knownInnerIds(this.#services.db, channel.disputeId, channel.party));
			this.#seenInner.set(key, seen);
		}
		const set = seen;
		return { has: (id) => set.has(id), add: (id) => void set.add(id) };
	}

	/**
	 * Cheap checks on arrival, before any queueing or cryptography: a current-generation event
	 * not authored by the conversation's signing key is junk (only the two parties can make
	 * that key), counted and dropped, so a flood cannot crowd out or delay real messages.
	 */
	#enqueue(event: unknown, lane: Lane): void {
		if (typeof event !== 'object' || event === null) return;
		const candidate = event as { kind?: unknown; pubkey?: unknown; tags?: unknown };
		if (candidate.kind === 14 && Array.isArray(candidate.tags)) {
			const pTag = (candidate.tags as unknown[]).find((tag): tag is string[] => Array.isArray(tag) && tag[0] === 'p');
			const channel = typeof pTag?.[1] === 'string' ? this.channels.byConversation(pTag[1]) : null;
			if (channel && candidate.pubkey !== channel.view.signPubkey) {
				const key = `${channel.disputeId}:${channel.party}`;
				this.#junk.set(key, (this.#junk.get(key) ?? 0) + 1);
				return;
			}
		}
		const id = (event as { id?: unknown }).id;
		// Recovery re-reads stored history; what this process already handled costs nothing.
		if (lane === 'recovered' && typeof id === 'string' && this.#seenOuter.has(id)) return;
		if (!this.#queue.push(event, lane)) this.#overflow(candidate);
	}

	/** The queue was full: read the author's history again later instead of losing the event. */
	#overflow(candidate: { kind?: unknown; pubkey?: unknown; created_at?: unknown }): void {
		this.#overflowed += 1;
		if (this.#overflowed === 1 || this.#overflowed % 1000 === 0) log.warn('dispute chat intake queue full; events are read again later', { refused: this.#overflowed });
		if (candidate.kind === 14 && typeof candidate.pubkey === 'string' && typeof candidate.created_at === 'number') this.#recovery.deferAuthor(candidate.pubkey, candidate.created_at);
	}

	async settled(): Promise<void> {
		await this.#recovery.settled();
		await this.#queue.idle();
	}

	/** Stops the deferred recovery timer (shutdown). */
	stop(): void {
		this.#recovery.stop();
	}

	async #receive(input: unknown, lane: Lane): Promise<void> {
		if (typeof input !== 'object' || input === null) return;
		const candidate = input as { id?: unknown; kind?: unknown; tags?: unknown; created_at?: unknown };
		if (typeof candidate.id !== 'string' || this.#seenOuter.has(candidate.id) || !Array.isArray(candidate.tags)) return;
		const pTag = (candidate.tags as unknown[]).find((tag): tag is string[] => Array.isArray(tag) && tag[0] === 'p');
		const target = typeof pTag?.[1] === 'string' ? pTag[1] : '';
		const now = Math.floor(Date.now() / 1000);
		if (candidate.kind === 14) {
			const channel = this.channels.byConversation(target);
			if (!channel || (await this.#accepted.has(this.#services.db, channel, candidate.id))) return;
			const result = unwrapChatMessage(input, {
				channel: channel.view,
				allowedSigners: channel.allowedSigners,
				now,
				seenOuter: { has: (id) => this.#seenOuter.has(id), add: (id) => this.#seenOuter.add(id) },
				rateLimiter: lane === 'live' ? this.#limiter : undefined,
				seenInner: await this.#innerStore(channel)
			});
			const key = `${channel.disputeId}:${channel.party}`;
			if (result.ok || result.reason !== 'rate_limited') this.#heldBack.get(key)?.delete(candidate.id);
			if (result.ok) return this.#store(channel, result.outer, result.inner, 'current');
			if (result.reason === 'duplicate') return;
			if (result.reason === 'rate_limited') {
				let held = this.#heldBack.get(key);
				if (!held) this.#heldBack.set(key, (held = new Set()));
				if (held.size < 10_000) held.add(candidate.id);
				// Not marked seen (it was never verified): a later recovery pass, outside the live
				// limit, reads it again, so a flood delays a party's message but cannot drop it.
				if (typeof candidate.created_at === 'number') this.#recovery.deferAuthor(channel.view.signPubkey, candidate.created_at);
				return;
			}
			// Past step 7 the outer event is signed with the conversation's key, which only the party and the holder can derive.
			if (result.outerId) await this.#reject(channel, result.outerId, result.reason, result.step > CHAT_REJECT_STEP.bad_outer_sig);
		} else if (candidate.kind === 1059) {
			const channel = this.channels.byLegacy(target);
			if (!channel || (await this.#accepted.has(this.#services.db, channel, candidate.id))) return;
			const result = unwrapLegacyChat(input, { shared: channel.channel.shared, allowedSigners: channel.allowedSigners, seenInner: await this.#innerStore(channel) });
			this.#seenOuter.add(candidate.id);
			if (result.ok) return this.#store(channel, result.outer, { ...result.inner, sig: 'sig' in result.inner ? result.inner.sig : '' } as NostrEvent, 'legacy', result.text);
			await this.#reject(channel, candidate.id, result.reason, result.signed);
		}
	}

	/**
	 * A rejection carrying a party's (or the holder's) signature is stored one by one: it is a
	 * tampering signal. Anything else is anyone's junk and only counted, once per outer id.
	 */
	async #reject(channel: PartyChannel, outerId: string, reason: string, signed: boolean): Promise<void> {
		if (signed) await insertChatRejection(this.#services.db, channel.disputeId, channel.party, outerId, reason, Date.now());
		else await tallyJunk(this.#services.db, channel.disputeId, channel.party, outerId, reason, Date.now());
	}

	async #store(channel: PartyChannel, outer: NostrEvent, inner: NostrEvent, generation: 'current' | 'legacy', text = inner.content): Promise<void> {
		const parsed = parseChatContent(text);
		const attachment = parsed.type === 'attachment' ? JSON.stringify({ ...parsed.attachment, key: parsed.attachment.key ? Buffer.from(parsed.attachment.key).toString('base64') : null }) : null;
		const direction = inner.pubkey === channel.solverPubkey ? 'out' : 'in';
		let stored: boolean;
		try {
			stored = await inTransaction(this.#services.db, this.#services.events, async (tx, emit) => {
				const inserted = await insertChatMessage(
					tx,
					{
						disputeId: channel.disputeId,
						party: channel.party,
						direction,
						innerId: inner.id,
						outerId: outer.id,
						generation,
						authorPubkey: inner.pubkey,
						content: parsed.type === 'text' ? parsed.text.slice(0, 65_535) : '',
						attachment,
						sentAt: inner.created_at
					},
					Date.now()
				);
				if (inserted) emit({ type: 'ChatMessageStored', disputeId: channel.disputeId, party: channel.party, direction });
				return inserted;
			});
		} catch (error) {
			// Not kept (the data disk is full, …): forget having seen it, so that a later read of
			// the relays stores it, and ask for that read (current generation; legacy gift wraps
			// come again with the next subscription).
			this.#seenOuter.delete(outer.id);
			this.#seenInner.get(`${channel.disputeId}:${channel.party}`)?.delete(inner.id);
			if (generation === 'current') this.#recovery.deferAuthor(channel.view.signPubkey, outer.created_at);
			throw error;
		}
		if (!stored) return;
		await this.#accepted.add(this.#services.db, channel, outer.id);
		if (parsed.type === 'attachment') this.#services.archive.archiveSoon(parsed.attachment.blossom_url);
	}

	/** Sends a text (or an attachment descriptor) to one party as the dispute's holder. */
	async send(actor: PersonActor, disputeId: string, party: Party, content: string, kind: 'text' | 'attachment' = 'text'): Promise<{ innerId: string; receipts: PublishReceipt[] }> {
		const channel = await this.channel(disputeId, party);
		if (!channel) throw new Refusal('not_found', 'chat.error.no_channel');
		if (channel.holderUserId !== actor.userId) throw new Refusal('not_authorized', 'chat.error.not_holder');
		if (kind === 'text' && (content.trim() === '' || content.length > MAX_CHAT_TEXT)) throw new Refusal('invalid_input', 'chat.error.length', { field: 'text' });
		const key = await openHoldingKey(this.#holdingKeys(), actor.userId, channel.solverPubkey);
		if (!key || key.pubkey !== channel.solverPubkey) {
			key?.secret.fill(0);
			throw new Refusal('not_authorized', 'chat.error.not_holder');
		}
		let wrapped;
		try {
			wrapped = wrapChatMessage(key.secret, channel.channel, content, { now: Math.floor(Date.now() / 1000) });
		} finally {
			key.secret.fill(0);
		}
		const now = Date.now();
		const leads = this.#leads();
		const inserted = await this.#services.db.transaction().execute(async (tx) => {
			const fresh = await insertChatMessage(
				tx,
				{
					disputeId,
					party,
					direction: 'out',
					innerId: wrapped.inner.id,
					outerId: wrapped.outer.id,
					generation: 'current',
					authorPubkey: channel.solverPubkey,
					content: kind === 'text' ? content : '',
					attachment: kind === 'attachment' ? content : null,
					sentAt: wrapped.inner.created_at,
					sentByUserId: actor.userId,
					// Not the leader: no relay connection here; the leader publishes this event.
					outgoingEvent: leads ? null : JSON.stringify(wrapped.outer),
					outerEvent: JSON.stringify(wrapped.outer)
				},
				now
			);
			if (fresh) await appendAudit(tx, actor, { action: kind === 'text' ? 'chat.message_sent' : 'chat.attachment_sent', subject: `dispute:${disputeId}`, details: { party, innerId: wrapped.inner.id, length: content.length }, at: now });
			return fresh;
		});
		// The same text in the same second is the same inner event (soak benchmark: a repeated
		// request published a second outer event for it): the stored message, not another copy.
		if (!inserted) return { innerId: wrapped.inner.id, receipts: [] };
		(await this.#innerStore(channel)).add(wrapped.inner.id);
		this.#seenOuter.add(wrapped.outer.id);
		await this.#accepted.add(this.#services.db, channel, wrapped.outer.id);
		crashIfArmed('chat-after-store');
		if (!leads) return { innerId: wrapped.inner.id, receipts: await waitForChatDelivery(this.#services.db, disputeId, party, wrapped.inner.id) };
		const receipts = await this.#services.engine.publish(wrapped.outer);
		crashIfArmed('chat-after-publish');
		await recordDelivery(this.#services.db, disputeId, party, wrapped.inner.id, receipts);
		// The message was stored above; its delivery per relay is what changed now.
		this.#services.events.deliver([{ type: 'ChatMessageStored', disputeId, party, direction: 'out' }]);
		return { innerId: wrapped.inner.id, receipts };
	}
}
