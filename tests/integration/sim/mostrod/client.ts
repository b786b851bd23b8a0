// Test client for the mostrod double: connects to the relay, sends requests as a given key on
// the node's transport (v1 gift wrap or v2 kind 14) with the requested PoW, collects the DMs
// addressed to each listening key and the node's public events, and waits for replies by
// request_id. Every wait is bounded.
import { createHash } from 'node:crypto';
import type { NostrEvent } from '../../../../src/lib/protocol/event.ts';
import { getPubkey } from '../../../../src/lib/protocol/keys.ts';
import type { Message } from '../../../../src/lib/protocol/message.ts';
import { unwrapV1, wrapV1 } from '../../../../src/lib/protocol/transport-v1.ts';
import { unwrapV2, wrapV2 } from '../../../../src/lib/protocol/transport-v2.ts';
import { RelayLink } from '../../../../sim/mostrod/index.ts';

export type Key = { sk: Uint8Array; pk: string };

export function testKey(label: string): Key {
	for (let i = 0; ; i++) {
		const sk = new Uint8Array(createHash('sha256').update(`mostrod test key ${label} ${i}`).digest());
		try {
			return { sk, pk: getPubkey(sk) };
		} catch {
			// out of range; next
		}
	}
}

export type Received = { to: string; message: Message; event: NostrEvent; at: number };

export type SendOptions = {
	/** Identity key when it differs from the trade key (v1 seal signer / v2 proof). */
	identity?: Key;
	pow?: number;
	/** Unix seconds for the inner created_at (default now). */
	createdAt?: number;
	signInner?: boolean;
};

async function waitUntil<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
	const end = Date.now() + timeoutMs;
	for (;;) {
		const v = find();
		if (v !== undefined) return v;
		if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 10));
	}
}

export class MostroClient {
	readonly link: RelayLink;
	readonly mostro: string;
	readonly version: 1 | 2;
	readonly received: Received[] = [];
	readonly events: NostrEvent[] = [];
	readonly #sentIds = new Set<string>();
	readonly #listening = new Set<string>();
	#nextRequest = 1;

	private constructor(link: RelayLink, mostro: string, version: 1 | 2) {
		this.link = link;
		this.mostro = mostro;
		this.version = version;
	}

	static async connect(relayUrl: string, mostro: string, version: 1 | 2): Promise<MostroClient> {
		const c = new MostroClient(await RelayLink.open(relayUrl), mostro, version);
		await c.link.subscribe([{ kinds: [38383, 38385, 38386, 10002], authors: [mostro] }], (e) => c.events.push(e));
		return c;
	}

	nextRequestId(): number {
		return this.#nextRequest++;
	}

	/** Start collecting the DMs the node sends to this key. */
	async listen(key: Key): Promise<void> {
		if (this.#listening.has(key.pk)) return;
		this.#listening.add(key.pk);
		const filter = this.version === 2 ? { kinds: [14], authors: [this.mostro], '#p': [key.pk] } : { kinds: [1059], '#p': [key.pk] };
		await this.link.subscribe([filter], (e) => {
			if (this.#sentIds.has(e.id)) return;
			try {
				const message = this.version === 2 ? unwrapV2(e, key.sk, { expectedAuthor: this.mostro }).message : unwrapV1(e, key.sk, { expectedSender: this.mostro }).message;
				this.received.push({ to: key.pk, message, event: e, at: Date.now() });
			} catch {
				// not from the node (e.g. our own request to the node key); ignore
			}
		});
	}

	build(m: Message, as: Key, o: SendOptions = {}): NostrEvent {
		const now = o.createdAt ?? Math.floor(Date.now() / 1000);
		const msg: Message = { variant: m.variant, kind: { ...m.kind, version: this.version } };
		if (this.version === 2) {
			return wrapV2(msg, { senderSecret: as.sk, recipientPubkey: this.mostro, now, identitySecret: o.identity?.sk, signInner: o.signInner, powBits: o.pow });
		}
		return wrapV1(msg, { tradeSecret: as.sk, identitySecret: o.identity?.sk, recipientPubkey: this.mostro, now, signInner: o.signInner, powBits: o.pow });
	}

	async publish(e: NostrEvent): Promise<void> {
		this.#sentIds.add(e.id);
		if (!(await this.link.publish(e))) throw new Error('relay refused the request');
	}

	/** Send as `as` (trade key). Listens for replies to `as` and the identity first. */
	async send(m: Message, as: Key, o: SendOptions = {}): Promise<NostrEvent> {
		await this.listen(as);
		if (o.identity) await this.listen(o.identity);
		const e = this.build(m, as, o);
		await this.publish(e);
		return e;
	}

	find(pred: (r: Received) => boolean): Received | undefined {
		return this.received.find(pred);
	}

	waitFor(pred: (r: Received) => boolean, timeoutMs = 3000, what = 'a DM'): Promise<Received> {
		return waitUntil(() => this.find(pred), timeoutMs, what);
	}

	/** DM to `to` with this action (and optionally this request_id). */
	waitAction(to: Key | string, action: string, timeoutMs = 3000, requestId?: number | null): Promise<Received> {
		const pk = typeof to === 'string' ? to : to.pk;
		return this.waitFor((r) => r.to === pk && r.message.kind.action === action && (requestId === undefined || r.message.kind.request_id === requestId), timeoutMs, `${action} to ${pk.slice(0, 8)}`);
	}

	/** Send and wait for the first DM to the trade key or identity that echoes the request_id. */
	async request(m: Message, as: Key, o: SendOptions = {}, timeoutMs = 3000): Promise<Received> {
		const rid = m.kind.request_id;
		if (rid === null) throw new Error('request() needs a request_id');
		await this.send(m, as, o);
		const to = new Set([as.pk, o.identity?.pk]);
		return this.waitFor((r) => to.has(r.to) && r.message.kind.request_id === rid, timeoutMs, `reply to request ${rid}`);
	}

	/** Send and assert that nothing echoing this request_id arrives within `ms`. */
	async expectSilence(m: Message, as: Key, o: SendOptions = {}, ms = 800): Promise<boolean> {
		const rid = m.kind.request_id;
		await this.send(m, as, o);
		await new Promise((r) => setTimeout(r, ms));
		return !this.received.some((r) => r.message.kind.request_id === rid && rid !== null);
	}

	/** The newest public event matching, waiting for it if needed. */
	waitEvent(pred: (e: NostrEvent) => boolean, timeoutMs = 3000, what = 'a public event'): Promise<NostrEvent> {
		return waitUntil(() => [...this.events].reverse().find(pred), timeoutMs, what);
	}

	close(): Promise<void> {
		return this.link.close();
	}
}

export const tag = (e: NostrEvent, name: string): string | undefined => e.tags.find((t) => t[0] === name)?.[1];
