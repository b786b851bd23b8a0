// Live delivery for the embedded relay: sends each newly stored event to every open
// subscription whose filters match it, tag filters included (NIP-01 "#<letter>").
// @nostr-relay/core's own broadcast ignores tag filters, so this plugin replaces it
// (it never calls `next`). It also delivers accepted NIP-09 deletion requests, which the
// library stores through the repository without broadcasting. It must never deliver an
// expired event or deliver to a closed socket.
import type { BroadcastPlugin, Client, ClientContext, Event, HandleMessagePlugin, HandleMessageResult, IncomingMessage } from '@nostr-relay/common';
import { matchesFilter } from './event-rules.ts';

export class LiveFanOut implements HandleMessagePlugin, BroadcastPlugin {
	readonly #contexts = new Map<Client, ClientContext>();
	readonly #now: () => number;

	constructor(now: () => number) {
		this.#now = now;
	}

	async handleMessage(ctx: ClientContext, message: IncomingMessage, next: () => Promise<HandleMessageResult>): Promise<HandleMessageResult> {
		this.#contexts.set(ctx.client, ctx);
		const result = await next();
		if (message[0] === 'EVENT' && message[1].kind === 5 && result?.messageType === 'EVENT' && result.success && !result.message?.startsWith('duplicate')) {
			this.deliver(message[1]);
		}
		return result;
	}

	async broadcast(event: Event): Promise<void> {
		this.deliver(event);
	}

	/** Stop tracking a client once its socket has closed. */
	forget(client: Client): void {
		this.#contexts.delete(client);
	}

	deliver(event: Event): void {
		const now = this.#now();
		for (const ctx of this.#contexts.values()) {
			if (!ctx.isOpen) continue;
			ctx.subscriptions.forEach((filters, subscriptionId) => {
				if (filters.some((filter) => matchesFilter(event, filter, now))) {
					ctx.sendMessage(['EVENT', subscriptionId, event]);
				}
			});
		}
	}
}
