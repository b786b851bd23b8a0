// A simulated trader: an identity key (reputation mode) or none (full privacy), a fresh trade
// key per order, the line to the node on its transport, and the handles it needs to pay and to
// attach files (LND double, blob server). Learns the transport from the node's 38385 info when
// not given (PROTOCOL.md §1.3, §2.1, §6). Must never reuse a trade key across orders and never
// sign a request with the identity key in full-privacy mode.
import type { NostrEvent } from '../../src/lib/protocol/event.ts';
import { parseInstanceInfo } from '../../src/lib/protocol/events/instance-info.ts';
import type { Message } from '../../src/lib/protocol/message.ts';
import { requiredPow } from '../../src/lib/protocol/pow.ts';
import type { LndDouble } from '../lnd/index.ts';
import type { BlobTarget } from './attachment-upload.ts';
import { NodeInbox, sendToNode, type NodeLink } from './node-inbox.ts';
import type { Language } from './reply-scripts.ts';
import { deriveKey, type Key } from './trader-keys.ts';
import { TraderNet } from './trader-net.ts';

export type Privacy = 'reputation' | 'full';

export type TraderOptions = {
	relays: string[];
	nodePubkey: string;
	/** 1 = gift wrap, 2 = kind 14; read from the node's 38385 when absent. */
	transport?: 1 | 2;
	/** PoW bits for requests; read from the 38385 when the transport is read there, else 0. */
	pow?: number;
	lnd?: LndDouble;
	blobs?: BlobTarget;
	seed: string;
	/** Unique per trader within the seed (keys derive from seed + name). */
	name: string;
	language: Language;
	privacy: Privacy;
	/** Shared connection (a crowd's); when absent the trader opens and owns one. */
	net?: TraderNet;
	/** Delay before each scripted chat reply. Default 150 ms. */
	replyDelayMs?: number;
};

/** Read the node's transport and PoW from its kind 38385 (absent ⇒ v1, PoW 0). */
export async function readNodeTransport(net: TraderNet, nodePubkey: string): Promise<{ transport: 1 | 2; pow: number }> {
	const events = await net.query([{ kinds: [38385], authors: [nodePubkey], '#d': [nodePubkey] }]);
	const newest = events.sort((a, b) => b.created_at - a.created_at)[0];
	if (!newest) return { transport: 1, pow: 0 };
	const info = parseInstanceInfo(newest, nodePubkey);
	return { transport: info.protocolVersion, pow: requiredPow(info) };
}

export class Trader {
	readonly name: string;
	readonly seed: string;
	readonly language: Language;
	readonly privacy: Privacy;
	/** Identity key (reputation mode) or null (full privacy). */
	readonly identity: Key | null;
	readonly link: NodeLink;
	readonly net: TraderNet;
	readonly lnd: LndDouble | undefined;
	readonly blobs: BlobTarget | undefined;
	readonly replyDelayMs: number;
	readonly #ownsNet: boolean;
	readonly #inboxes = new Map<string, NodeInbox>();
	readonly #stoppers = new Set<() => void>();
	#nextIndex = 1;
	#stopped = false;

	constructor(o: TraderOptions, link: NodeLink, ownsNet: boolean) {
		this.name = o.name;
		this.seed = o.seed;
		this.language = o.language;
		this.privacy = o.privacy;
		this.identity = o.privacy === 'reputation' ? deriveKey(o.seed, `${o.name} identity`) : null;
		this.link = link;
		this.net = link.net;
		this.lnd = o.lnd;
		this.blobs = o.blobs;
		this.replyDelayMs = o.replyDelayMs ?? 150;
		this.#ownsNet = ownsNet;
	}

	/** The trade key for order number `index` (1, 2, …): fresh per order, stable per seed. */
	tradeKey(index: number): Key {
		return deriveKey(this.seed, `${this.name} trade ${index}`);
	}

	/** The next unused trade key and its trade_index. */
	nextTradeKey(): { key: Key; index: number } {
		const index = this.#nextIndex++;
		return { key: this.tradeKey(index), index };
	}

	/** The started inbox of the node's DMs to `key`. */
	async inbox(key: Key): Promise<NodeInbox> {
		let box = this.#inboxes.get(key.pk);
		if (!box) {
			box = new NodeInbox(this.link, key);
			this.#inboxes.set(key.pk, box);
		}
		await box.start();
		return box;
	}

	/** Send a request from `trade` (identity-proved in reputation mode). */
	send(m: Message, trade: Key): Promise<NostrEvent> {
		if (this.#stopped) return Promise.reject(new Error(`trader ${this.name} is stopped`));
		return sendToNode(this.link, m, trade, this.identity);
	}

	/** Register something to close on stop() (chat sessions, timers). */
	onStop(f: () => void): () => void {
		this.#stoppers.add(f);
		return () => this.#stoppers.delete(f);
	}

	get stopped(): boolean {
		return this.#stopped;
	}

	async stop(): Promise<void> {
		if (this.#stopped) return;
		this.#stopped = true;
		for (const f of this.#stoppers) f();
		this.#stoppers.clear();
		for (const box of this.#inboxes.values()) box.close();
		this.#inboxes.clear();
		if (this.#ownsNet) await this.net.close();
	}
}

/** Create a trader; connects (or uses `net`) and learns the transport when not given. */
export async function createTrader(o: TraderOptions): Promise<Trader> {
	const net = o.net ?? (await TraderNet.open(o.relays));
	try {
		const t = o.transport ? { transport: o.transport, pow: o.pow ?? 0 } : await readNodeTransport(net, o.nodePubkey);
		return new Trader(o, { net, nodePubkey: o.nodePubkey, transport: t.transport, pow: o.pow ?? t.pow }, !o.net);
	} catch (err) {
		if (!o.net) await net.close();
		throw err;
	}
}
