// Recovery of dispute-chat events the live subscription did not deliver, or that the live
// flood limit refused (PROTOCOL.md §5.3–5.4): asks the relays by author (pub(K_sign)), pages
// backwards past a relay's per-filter cap, and hands every event to the chat as "recovered",
// asking for the next page only once the chat has room for it (back-pressure).
// Recovered events skip the live rate limit; the page budget bounds them instead. Runs are
// serial. Must never decrypt, verify or store anything itself, and never ask only by `#p`.
import type { QueryResult } from '../../relays/relay-connection.ts';
import { filterValueChunks } from '../../relays/filter-chunks.ts';

/** Backward pages asked per run when a relay's answer may have been cut at its cap. */
export const MAX_RECOVERY_PAGES = 50;
const QUERY_TIMEOUT_MS = 8_000;
/** After the live limit refused an event: wait this long (the flood may still be going), then re-read. */
export const DEFERRED_RECOVERY_MS = 5_000;
/** Re-read from this much before the first refused event (clock skew between the two sides). */
const DEFERRED_MARGIN_SECONDS = 120;

export interface ChatRecoveryPort {
	query(filters: Record<string, unknown>[], timeoutMs: number): Promise<QueryResult[]>;
	/** Receives an event recovered from a relay (not yet validated). */
	deliver(event: unknown): void;
	/** Resolves when the receiver has room for another page (back-pressure); absent: at once. */
	room?(): Promise<void>;
}

export class ChatRecovery {
	readonly #port: ChatRecoveryPort;
	readonly #deferredMs: number;
	#chain: Promise<void> = Promise.resolve();
	#fullQueued = false;
	readonly #deferred = new Map<string, number>();
	#timer: ReturnType<typeof setTimeout> | null = null;

	constructor(port: ChatRecoveryPort, deferredMs = DEFERRED_RECOVERY_MS) {
		this.#port = port;
		this.#deferredMs = deferredMs;
	}

	/** Queues a full run over `authors()` (evaluated when the run starts); coalesces with a queued one. */
	recoverAll(authors: () => string[], since: () => number): void {
		if (this.#fullQueued) return;
		this.#fullQueued = true;
		this.#enqueue(async () => {
			this.#fullQueued = false;
			const list = authors();
			for (const chunk of filterValueChunks(list)) await this.#pageBackwards(chunk, since());
		});
	}

	/** The live limit refused an event of `author` written at `createdAt`: re-read it later. */
	deferAuthor(author: string, createdAt: number): void {
		const known = this.#deferred.get(author);
		this.#deferred.set(author, known === undefined ? createdAt : Math.min(known, createdAt));
		if (this.#timer) return;
		this.#timer = setTimeout(() => {
			this.#timer = null;
			const due = [...this.#deferred];
			this.#deferred.clear();
			for (const [key, first] of due) this.#enqueue(() => this.#pageBackwards([key], first - DEFERRED_MARGIN_SECONDS));
		}, this.#deferredMs);
		this.#timer.unref?.();
	}

	/** Resolves once every queued run has finished (deferred runs not yet due are not waited for). */
	async settled(): Promise<void> {
		let current: Promise<void>;
		do {
			current = this.#chain;
			await current;
		} while (current !== this.#chain);
	}

	stop(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#deferred.clear();
	}

	#enqueue(run: () => Promise<void>): void {
		this.#chain = this.#chain.then(run).catch(() => undefined);
	}

	/**
	 * A relay answers a filter with at most its own cap of events (newest first). Asks the same
	 * author filter again with `until` = the oldest created_at received, until a page brings
	 * nothing new or reaches `since`; bounded by MAX_RECOVERY_PAGES.
	 */
	async #pageBackwards(authors: string[], since: number): Promise<void> {
		let until: number | null = null;
		const seen = new Set<string>();
		for (let page = 0; page < MAX_RECOVERY_PAGES; page += 1) {
			const filter: Record<string, unknown> = { kinds: [14], authors, since };
			if (until !== null) filter.until = until;
			const answers = await this.#port.query([filter], QUERY_TIMEOUT_MS);
			let fresh = 0;
			let oldest: number | null = null;
			for (const answer of answers) {
				for (const event of answer.events) {
					const candidate = event as { id?: unknown; created_at?: unknown };
					if (typeof candidate?.id !== 'string' || typeof candidate.created_at !== 'number') continue;
					if (oldest === null || candidate.created_at < oldest) oldest = candidate.created_at;
					if (seen.has(candidate.id)) continue;
					seen.add(candidate.id);
					fresh += 1;
					this.#port.deliver(event);
				}
			}
			await this.#port.room?.();
			// A page with nothing new, or one that reached `since`, means the history is complete.
			if (fresh === 0 || oldest === null || oldest <= since) return;
			until = oldest;
		}
	}
}
