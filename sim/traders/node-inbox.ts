// A trader's line to the Mostro node over Nostr: sends a party request as its trade key on the
// node's transport (v1 gift wrap with the identity key sealing, or v2 kind 14 with the identity
// proof; full privacy = trade key only), and collects the node's DMs to one trade key, with
// bounded waits (PROTOCOL.md §2.2, §2.3, §6; MOSTROD.md §0.2). Must never accept a DM that is
// not signed by the node key, nor wait without a time-out.
import type { NostrEvent } from '../../src/lib/protocol/event.ts';
import type { Message } from '../../src/lib/protocol/message.ts';
import { unwrapV1, wrapV1 } from '../../src/lib/protocol/transport-v1.ts';
import { unwrapV2, wrapV2 } from '../../src/lib/protocol/transport-v2.ts';
import type { Key } from './trader-keys.ts';
import type { NetSubscription, TraderNet } from './trader-net.ts';

export type NodeLink = { net: TraderNet; nodePubkey: string; transport: 1 | 2; pow: number };
export type NodeDm = { message: Message; event: NostrEvent; at: number };
type Waiter = { pred: (m: NodeDm) => boolean; resolve: (m: NodeDm) => void };

/** Build and publish `m` from `trade` (with `identity` in reputation mode). Throws when no relay took it. */
export async function sendToNode(link: NodeLink, m: Message, trade: Key, identity: Key | null): Promise<NostrEvent> {
	const now = Math.floor(Date.now() / 1000);
	const msg: Message = { variant: m.variant, kind: { ...m.kind, version: link.transport } };
	const idSecret = identity && identity.pk !== trade.pk ? identity.sk : undefined;
	const event =
		link.transport === 2
			? wrapV2(msg, { senderSecret: trade.sk, recipientPubkey: link.nodePubkey, now, identitySecret: idSecret, powBits: link.pow })
			: wrapV1(msg, { tradeSecret: trade.sk, identitySecret: idSecret, recipientPubkey: link.nodePubkey, now, powBits: link.pow });
	if (!(await link.net.publish(event))) throw new Error(`no relay accepted the ${m.kind.action} request`);
	return event;
}

/** DMs from the node to one trade key, oldest first. */
export class NodeInbox {
	readonly key: Key;
	readonly received: NodeDm[] = [];
	readonly #link: NodeLink;
	readonly #waiters = new Set<Waiter>();
	readonly #listeners = new Set<(m: NodeDm) => void>();
	#sub: NetSubscription | null = null;

	constructor(link: NodeLink, key: Key) {
		this.#link = link;
		this.key = key;
	}

	async start(): Promise<void> {
		if (this.#sub) return;
		const l = this.#link;
		const filter = l.transport === 2 ? { kinds: [14], authors: [l.nodePubkey], '#p': [this.key.pk] } : { kinds: [1059], '#p': [this.key.pk] };
		this.#sub = await l.net.subscribe([filter], (e) => this.#onEvent(e));
	}

	#onEvent(e: NostrEvent): void {
		let message: Message;
		try {
			message = this.#link.transport === 2 ? unwrapV2(e, this.key.sk, { expectedAuthor: this.#link.nodePubkey }).message : unwrapV1(e, this.key.sk, { expectedSender: this.#link.nodePubkey }).message;
		} catch {
			return; // not from the node, or not for this key
		}
		const dm: NodeDm = { message, event: e, at: Date.now() };
		this.received.push(dm);
		if (this.received.length > 500) this.received.shift();
		for (const w of this.#waiters) {
			if (w.pred(dm)) {
				this.#waiters.delete(w);
				w.resolve(dm);
			}
		}
		for (const f of this.#listeners) f(dm);
	}

	/** Called for every DM from now on. */
	onMessage(f: (m: NodeDm) => void): void {
		this.#listeners.add(f);
	}

	/** The first DM (already received or future) matching `pred`; rejects after `timeoutMs`. */
	waitFor(pred: (m: NodeDm) => boolean, timeoutMs = 5000, what = 'a DM from the node'): Promise<NodeDm> {
		const hit = this.received.find(pred);
		if (hit) return Promise.resolve(hit);
		return new Promise((resolve, reject) => {
			const w: Waiter = {
				pred,
				resolve: (m) => {
					clearTimeout(timer);
					resolve(m);
				}
			};
			const timer = setTimeout(() => {
				this.#waiters.delete(w);
				reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
			}, timeoutMs);
			this.#waiters.add(w);
		});
	}

	waitAction(action: string, timeoutMs = 5000, orderId?: string): Promise<NodeDm> {
		return this.waitFor((m) => m.message.kind.action === action && (orderId === undefined || m.message.kind.id === orderId), timeoutMs, `${action} for ${this.key.pk.slice(0, 8)}`);
	}

	close(): void {
		this.#sub?.close();
		this.#sub = null;
		this.#waiters.clear();
		this.#listeners.clear();
	}
}
