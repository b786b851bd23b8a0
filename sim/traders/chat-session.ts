// One side of a chat channel (buyer⇄seller trade chat or party⇄solver dispute chat): derives
// the keys from the own key and the peer's pubkey, sends in the chosen generation (G2 kind 14
// under K_conv/K_sign, or G1 legacy gift wrap), and dual-reads G2 (by author pub(K_sign)) and
// G1 (by `#p` = pub(ECDH secret)), validating every message with the protocol library
// (PROTOCOL.md §5.2–§5.4). Must never accept an inner event from a signer outside {own, peer}.
import type { NostrEvent } from '../../src/lib/protocol/event.ts';
import { buildChatChannel, type ChatChannel } from '../../src/lib/protocol/chat/keys.ts';
import { unwrapLegacyChat, wrapLegacyChat } from '../../src/lib/protocol/chat/legacy.ts';
import { buildMemoryDedupStore } from '../../src/lib/protocol/chat/stores.ts';
import { buildChatChannelView, unwrapChatMessage, type ChatChannelView } from '../../src/lib/protocol/chat/unwrap.ts';
import { wrapChatMessage } from '../../src/lib/protocol/chat/wrap.ts';
import type { RandomSource } from '../../src/lib/protocol/random.ts';
import type { Key } from './trader-keys.ts';
import type { NetSubscription, TraderNet } from './trader-net.ts';

export type ChatGeneration = 'g2' | 'g1';
export type ChatLine = {
	inner: NostrEvent | { id: string; pubkey: string; created_at: number; content: string };
	outer: NostrEvent;
	generation: 'g2' | 'g1' | 'g1a';
	text: string;
	fromSelf: boolean;
	/** Delivered from storage before the subscription's EOSE. */
	backlog: boolean;
};

export type ChatSessionOptions = {
	/** Generation used to send (default g2). Reading is always G2 + G1. */
	generation?: ChatGeneration;
	random?: RandomSource;
	onLine?: (line: ChatLine) => void;
};

/** No relay confirmed the publish (refused, or no OK in time): it may still be on a relay. */
export class UnconfirmedPublish extends Error {
	readonly outer: NostrEvent;
	constructor(outer: NostrEvent) {
		super('no relay accepted the chat message');
		this.outer = outer;
	}
}

export class ChatSession {
	readonly channel: ChatChannel;
	readonly own: Key;
	readonly lines: ChatLine[] = [];
	generation: ChatGeneration;
	readonly #net: TraderNet;
	readonly #view: ChatChannelView;
	readonly #allowed: ReadonlySet<string>;
	readonly #seenOuter = buildMemoryDedupStore(2000);
	readonly #seenInner = buildMemoryDedupStore(2000);
	readonly #seenLegacy = buildMemoryDedupStore(2000);
	readonly #random: RandomSource | undefined;
	readonly #onLine: ((line: ChatLine) => void) | undefined;
	#sub: NetSubscription | null = null;
	#live = false;

	constructor(net: TraderNet, own: Key, peerPubkey: string, o: ChatSessionOptions = {}) {
		this.#net = net;
		this.own = own;
		this.channel = buildChatChannel(own.sk, peerPubkey);
		this.#view = buildChatChannelView(this.channel.convSecret, this.channel.signPubkey);
		this.#allowed = new Set(this.channel.allowedSigners);
		this.generation = o.generation ?? 'g2';
		this.#random = o.random;
		this.#onLine = o.onLine;
	}

	async start(): Promise<void> {
		if (this.#sub) return;
		const filters = [
			{ kinds: [14], authors: [this.channel.signPubkey] },
			{ kinds: [1059], '#p': [this.channel.legacyPubkey] }
		];
		this.#sub = await this.#net.subscribe(filters, (e) => this.#onEvent(e));
		this.#live = true;
	}

	#push(line: ChatLine): void {
		this.lines.push(line);
		if (this.lines.length > 500) this.lines.shift();
		this.#onLine?.(line);
	}

	#onEvent(e: NostrEvent): void {
		const backlog = !this.#live;
		if (e.kind === 14) {
			const r = unwrapChatMessage(e, { channel: this.#view, allowedSigners: this.#allowed, now: Math.floor(Date.now() / 1000), seenOuter: this.#seenOuter, seenInner: this.#seenInner });
			if (r.ok) this.#push({ inner: r.inner, outer: r.outer, generation: 'g2', text: r.inner.content, fromSelf: r.inner.pubkey === this.own.pk, backlog });
			return;
		}
		const r = unwrapLegacyChat(e, { shared: this.channel.shared, allowedSigners: this.#allowed, seenInner: this.#seenLegacy });
		if (r.ok) this.#push({ inner: r.inner, outer: r.outer, generation: r.generation, text: r.text, fromSelf: r.inner.pubkey === this.own.pk, backlog });
	}

	/**
	 * Wrap `content` in the session's generation and publish it, dated `at` (unix seconds; default
	 * now — a scripted past conversation passes earlier times). Throws when no relay took it.
	 */
	async send(content: string, generation: ChatGeneration = this.generation, at?: number): Promise<{ outer: NostrEvent; inner: NostrEvent }> {
		const now = at ?? Math.floor(Date.now() / 1000);
		const wrapped = generation === 'g2' ? wrapChatMessage(this.own.sk, this.channel, content, { now, random: this.#random }) : wrapLegacyChat(this.own.sk, this.channel.shared, content, { now, random: this.#random });
		if (!(await this.#net.publish(wrapped.outer))) throw new UnconfirmedPublish(wrapped.outer);
		return wrapped;
	}

	/** Publish a ready-made outer event (replays and malformed wrappers in the scammer script). */
	async publishRaw(outer: NostrEvent): Promise<void> {
		if (!(await this.#net.publish(outer))) throw new Error('no relay accepted the chat event');
	}

	close(): void {
		this.#sub?.close();
		this.#sub = null;
	}
}
