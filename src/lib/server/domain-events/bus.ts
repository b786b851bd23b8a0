// The domain event bus (issue 13 "typed domain events after commit"): subscribers register per
// event type with one `on(...)` line; `deliver` hands committed events to them. Each
// subscriber runs on its own: a throw or a rejected promise is logged and never reaches the
// command or the other subscribers. Must never be handed events of an uncommitted transaction
// (use `inTransaction`), and never carries secrets.
import { log } from '../log.ts';
import type { DomainEvent, DomainEventOf, DomainEventType } from './events.ts';

export type DomainEventHandler<K extends DomainEventType> = (event: DomainEventOf<K>) => void | Promise<void>;

type AnyHandler = (event: DomainEvent) => void | Promise<void>;

export class DomainEventBus {
	readonly #handlers = new Map<DomainEventType, Set<AnyHandler>>();
	readonly #running = new Set<Promise<void>>();

	/** Subscribes to one event type; returns the unsubscribe function. */
	on<K extends DomainEventType>(type: K, handler: DomainEventHandler<K>): () => void {
		const set = this.#handlers.get(type) ?? new Set<AnyHandler>();
		this.#handlers.set(type, set);
		const wrapped = handler as AnyHandler;
		set.add(wrapped);
		return () => set.delete(wrapped);
	}

	/**
	 * Hands committed events to their subscribers, in order. Synchronous subscribers have run
	 * when this returns; asynchronous ones continue on their own (see `settled`).
	 */
	deliver(events: readonly DomainEvent[]): void {
		for (const event of events) {
			for (const handler of this.#handlers.get(event.type) ?? []) this.#run(handler, event);
		}
	}

	/** Resolves when every asynchronous subscriber started so far has finished (tests, shutdown). */
	async settled(): Promise<void> {
		while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
	}

	#run(handler: AnyHandler, event: DomainEvent): void {
		let result: void | Promise<void>;
		try {
			result = handler(event);
		} catch (error) {
			this.#report(event, error);
			return;
		}
		if (!(result instanceof Promise)) return;
		const running: Promise<void> = result.catch((error: unknown) => this.#report(event, error)).finally(() => this.#running.delete(running));
		this.#running.add(running);
	}

	#report(event: DomainEvent, error: unknown): void {
		log.warn('a domain event subscriber failed', { event: event.type, error: error instanceof Error ? error.message : String(error) });
	}
}
