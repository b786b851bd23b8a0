// Where the console's direct messages go (issue 19): a user's DM relays from their kind 10050
// list when they published one (looked up on the console's relays, kept ten minutes), else
// the console's relays; and the connections that publish the gift wraps there, with one
// receipt per relay. Its own connections, so a slow user relay never stalls the engine's.
// Never publishes anything but the gift wraps it is handed; never logs an event's content.
import { RelayConnection, type PublishReceipt } from '../relays/relay-connection.ts';
import { KIND_DM_RELAY_LIST, newestDmRelayList } from '../../protocol/private-dm.ts';

export interface DmTransport {
	/** The relays `pubkey` reads direct messages on. */
	relaysFor(pubkey: string): Promise<string[]>;
	publish(event: { id: string }, relays: readonly string[]): Promise<PublishReceipt[]>;
	stop(): void;
}

const LIST_CACHE_MS = 10 * 60_000;
const LIST_QUERY_MS = 1500;
/** Connections to relays no message went to for this long are closed. */
const IDLE_MS = 30 * 60_000;

export class RelayDmTransport implements DmTransport {
	readonly #fallback: () => string[];
	readonly #connections = new Map<string, { connection: RelayConnection; usedAt: number }>();
	readonly #lists = new Map<string, { relays: string[]; at: number }>();

	constructor(fallbackRelays: () => string[]) {
		this.#fallback = fallbackRelays;
	}

	async relaysFor(pubkey: string): Promise<string[]> {
		const fallback = this.#fallback();
		const cached = this.#lists.get(pubkey);
		if (cached && Date.now() - cached.at < LIST_CACHE_MS) return cached.relays.length > 0 ? cached.relays : fallback;
		const answers = await Promise.all(fallback.map((url) => this.#connection(url).query([{ kinds: [KIND_DM_RELAY_LIST], authors: [pubkey], limit: 1 }], LIST_QUERY_MS)));
		const relays = newestDmRelayList(
			answers.flatMap((a) => a.events),
			pubkey
		);
		this.#lists.set(pubkey, { relays, at: Date.now() });
		return relays.length > 0 ? relays : fallback;
	}

	publish(event: { id: string }, relays: readonly string[]): Promise<PublishReceipt[]> {
		this.#closeIdle();
		return Promise.all([...new Set(relays)].map((url) => this.#connection(url).publish(event)));
	}

	/** Opens the connections to the console's relays ahead of the first message. */
	warm(): void {
		for (const url of this.#fallback()) this.#connection(url);
	}

	stop(): void {
		for (const { connection } of this.#connections.values()) connection.stop();
		this.#connections.clear();
	}

	#connection(url: string): RelayConnection {
		const known = this.#connections.get(url);
		if (known) {
			known.usedAt = Date.now();
			return known.connection;
		}
		const connection = new RelayConnection(url, { onEvent: () => undefined, onEose: () => undefined, onStatus: () => undefined });
		connection.start();
		this.#connections.set(url, { connection, usedAt: Date.now() });
		return connection;
	}

	#closeIdle(): void {
		const keep = new Set(this.#fallback());
		for (const [url, entry] of this.#connections) {
			if (keep.has(url) || Date.now() - entry.usedAt < IDLE_MS) continue;
			entry.connection.stop();
			this.#connections.delete(url);
		}
	}
}
