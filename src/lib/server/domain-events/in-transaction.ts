// Runs a command's transaction together with the domain events it records (issue 13): `emit`
// collects events while the transaction runs; they are delivered to the bus only after a
// successful commit and dropped when it rolls back. Must never deliver an event before the
// transaction is visible to other readers.
import type { Db, Tx } from '../db/index.ts';
import type { DomainEventBus } from './bus.ts';
import type { DomainEvent, Emit } from './events.ts';

export async function inTransaction<T>(db: Db, bus: DomainEventBus, work: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
	const recorded: DomainEvent[] = [];
	const result = await db.transaction().execute((tx) => work(tx, (event) => void recorded.push(event)));
	bus.deliver(recorded);
	return result;
}
