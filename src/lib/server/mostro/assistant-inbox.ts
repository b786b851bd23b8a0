// The node's assistant solver writing to our solver keys (UPSTREAM-0.19.md §8): follows kind-14
// events *authored* by the assistant key the node announces in 38385 (`serbero`), opens those
// addressed to one of our solver keys (NIP-44), keeps `dm`/`send-dm` texts that begin
// `Dispute <uuid> ·`, files them under that dispute, and learns from a `taken` text who holds
// it (the key: the node's 38385 `serbero` tag, else the operator's setting). Asks by author, never only by `#p` (a flood of the tag cannot hide them). Must never log
// the text, and never accept a message from any other author.
import type { MostroServices } from './services.ts';
import { resolveAssistantKey } from './assistant-key-setting.ts';
import { findSolverByPubkey, openSolverSecret } from '../vault/solver-keys.ts';
import { insertAssistantMessage } from '../cases/assistant-messages.ts';
import { forgetOutsideHolder, recordOutsideHolder } from '../cases/assistant-holder.ts';
import { SeenIds } from '../relays/seen-ids.ts';
import { unwrapV2, KIND_V2_MESSAGE } from '../../protocol/transport-v2.ts';
import { parseAssistantDmText, readSendDmText } from '../../protocol/actions/assistant-dm.ts';
import { log } from '../log.ts';

const LOOKBACK_SECONDS = 30 * 86400;
const MAX_EVENT_CONTENT = 200_000;

export class AssistantInbox {
	readonly #services: Pick<MostroServices, 'db' | 'sealer' | 'engine' | 'live' | 'events'>;
	readonly #seen = new SeenIds(20_000);
	#assistant: string | null = null;
	#chain: Promise<void> = Promise.resolve();

	constructor(services: Pick<MostroServices, 'db' | 'sealer' | 'engine' | 'live' | 'events'>) {
		this.#services = services;
		services.live.subscribe((message) => {
			// A failed refresh (a dropped database connection, shut-down) is logged, never an unhandled rejection.
			if (message.topic === 'instance') this.refresh().catch((error: unknown) => log.warn('could not refresh the assistant inbox', { error: error instanceof Error ? error.message : String(error) }));
		});
	}

	/** The assistant key the node announces, as last read. */
	get assistantPubkey(): string | null {
		return this.#assistant;
	}

	/** Re-reads the assistant key (node announcement, else setting) and (re)subscribes to its messages. */
	async refresh(): Promise<void> {
		const { pubkey: assistant } = await resolveAssistantKey(this.#services.db, this.#services.engine.nodePubkey);
		if (assistant === this.#assistant) return;
		this.#assistant = assistant;
		this.#services.engine.watch('assistant-dms', {
			filters: () => (assistant ? [{ kinds: [KIND_V2_MESSAGE], authors: [assistant], since: Math.floor(Date.now() / 1000) - LOOKBACK_SECONDS }] : []),
			handler: (event) => {
				this.#chain = this.#chain.then(() => this.#receive(event, assistant)).catch(() => undefined);
			}
		});
	}

	/** Resolves once every message received so far is handled (tests). */
	async settled(): Promise<void> {
		let current: Promise<void>;
		do {
			current = this.#chain;
			await current;
		} while (current !== this.#chain);
	}

	async #receive(input: unknown, assistant: string | null): Promise<void> {
		if (!assistant || typeof input !== 'object' || input === null) return;
		const candidate = input as { id?: unknown; pubkey?: unknown; kind?: unknown; tags?: unknown; content?: unknown; created_at?: unknown };
		if (typeof candidate.id !== 'string' || this.#seen.has(candidate.id) || candidate.pubkey !== assistant || candidate.kind !== KIND_V2_MESSAGE) return;
		if (typeof candidate.content !== 'string' || candidate.content.length > MAX_EVENT_CONTENT || !Array.isArray(candidate.tags)) return;
		const { db, sealer } = this.#services;
		for (const tag of candidate.tags as unknown[]) {
			if (!Array.isArray(tag) || tag[0] !== 'p' || typeof tag[1] !== 'string') continue;
			const solver = await findSolverByPubkey(db, tag[1]);
			if (!solver) continue;
			const key = await openSolverSecret(db, sealer, solver.user_id);
			if (!key) continue;
			let text: string | null;
			let sentAt: number;
			try {
				const envelope = unwrapV2(input, key.secret, { expectedAuthor: assistant });
				text = readSendDmText(envelope.message);
				sentAt = envelope.event.created_at;
			} catch {
				continue;
			} finally {
				key.secret.fill(0);
			}
			this.#seen.add(candidate.id);
			const dm = parseAssistantDmText(text);
			if (!dm) return;
			const now = Date.now();
			const stored = await insertAssistantMessage(db, { eventId: candidate.id, senderPubkey: assistant, recipientPubkey: solver.pubkey, sentAt, dm }, now);
			if (!stored) return;
			if (dm.kind === 'taken' && dm.takenBy === 'assistant') await recordOutsideHolder(db, dm.disputeId, assistant, 'assistant_message', now);
			else if (dm.kind === 'taken' && dm.takenBy === 'solver') await forgetOutsideHolder(db, dm.disputeId);
			log.debug('assistant message filed', { disputeId: dm.disputeId, kind: dm.kind });
			this.#services.events.deliver([{ type: 'AssistantMessageStored', disputeId: dm.disputeId }]);
			return;
		}
	}
}
