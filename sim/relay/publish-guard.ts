// Publish guard for the embedded relay: refuses events that are already expired (NIP-40)
// and events a stored NIP-09 deletion request covers, before they reach the repository.
// Signature and id checks stay with @nostr-relay/core (EventUtils.validate). It must never
// accept an event that would be invisible or deleted the moment it is stored.
import type { BeforeHandleEventPlugin, BeforeHandleEventResult, Event } from '@nostr-relay/common';
import { isExpired } from './event-rules.ts';
import type { SqliteEventRepository } from './sqlite-event-repository.ts';

export class PublishGuard implements BeforeHandleEventPlugin {
	readonly #repository: SqliteEventRepository;
	readonly #now: () => number;

	constructor(repository: SqliteEventRepository, now: () => number) {
		this.#repository = repository;
		this.#now = now;
	}

	beforeHandleEvent(event: Event): BeforeHandleEventResult {
		if (isExpired(event, this.#now())) {
			return { canHandle: false, message: 'invalid: event is expired' };
		}
		if (this.#repository.isDeleted(event)) {
			return { canHandle: false, message: 'blocked: a deletion request covers this event' };
		}
		return { canHandle: true };
	}
}
