// The traders' Nostr connection: one shared set of websocket links (reusing the node double's
// NIP-01 RelayLink) for a whole crowd, publishing to every relay and spreading subscriptions
// over extra links when one socket nears the relay's per-client subscription cap.
// Subscriptions de-duplicate events by id across relays and can be closed one by one.
// Must never wait without a time-out (RelayLink bounds every wait) and `close()` ends every socket.
import type { NostrEvent } from '../../src/lib/protocol/event.ts';
import { RelayLink } from '../mostrod/relay-link.ts';

export type Filter = Record<string, unknown>;
export type NetSubscription = { close(): void };

type Group = { links: RelayLink[]; subs: number };

/** Per socket; the embedded relay allows 100 subscriptions per client. */
const SUBS_PER_LINK = 80;

export class TraderNet {
	readonly relays: string[];
	readonly #groups: Group[] = [];
	#opening: Promise<Group> | null = null;
	#closed = false;

	private constructor(relays: string[], first: Group) {
		this.relays = relays;
		this.#groups.push(first);
	}

	static async open(relays: string[]): Promise<TraderNet> {
		if (relays.length === 0) throw new Error('TraderNet needs at least one relay URL');
		return new TraderNet([...relays], await TraderNet.#openGroup(relays));
	}

	static async #openGroup(relays: string[]): Promise<Group> {
		const links: RelayLink[] = [];
		try {
			for (const url of relays) links.push(await RelayLink.open(url));
		} catch (err) {
			await Promise.all(links.map((l) => l.close()));
			throw err;
		}
		return { links, subs: 0 };
	}

	async #groupWithRoom(): Promise<Group> {
		const free = this.#groups.find((g) => g.subs < SUBS_PER_LINK);
		if (free) return free;
		this.#opening ??= TraderNet.#openGroup(this.relays).then((g) => {
			this.#groups.push(g);
			this.#opening = null;
			return g;
		});
		return this.#opening;
	}

	/** True when at least one relay accepted the event. */
	async publish(event: NostrEvent): Promise<boolean> {
		if (this.#closed) return false;
		const first = this.#groups[0];
		if (!first) return false;
		const results = await Promise.all(first.links.map((l) => l.publish(event)));
		return results.some(Boolean);
	}

	/** Subscribe on every relay; resolves after EOSE from all (each bounded at 3 s). */
	async subscribe(filters: Filter[], onEvent: (event: NostrEvent) => void): Promise<NetSubscription> {
		if (this.#closed) throw new Error('TraderNet is closed');
		const group = await this.#groupWithRoom();
		group.subs++;
		const seen = new Set<string>();
		let open = true;
		const deliver = (e: NostrEvent) => {
			if (!open || typeof e?.id !== 'string' || seen.has(e.id)) return;
			seen.add(e.id);
			if (seen.size > 5000) seen.delete(seen.values().next().value as string);
			onEvent(e);
		};
		const ids = await Promise.all(group.links.map((l) => l.subscribe(filters, deliver)));
		return {
			close: () => {
				if (!open) return;
				open = false;
				group.subs--;
				group.links.forEach((l, i) => l.unsubscribe(ids[i] as string));
			}
		};
	}

	/** Collect stored events matching `filters` (until EOSE), then close the subscription. */
	async query(filters: Filter[]): Promise<NostrEvent[]> {
		const out: NostrEvent[] = [];
		const sub = await this.subscribe(filters, (e) => out.push(e));
		sub.close();
		return out;
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		await this.#opening?.catch(() => undefined);
		await Promise.all(this.#groups.flatMap((g) => g.links.map((l) => l.close())));
	}
}
