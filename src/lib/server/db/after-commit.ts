// Work that must wait until a transaction has committed: live updates, cache rebuilds and
// re-checks that read what the transaction wrote. On SQLite, with one connection, a read queued
// after a transaction waits for it anyway; on PostgreSQL a read on another pooled connection
// would see the state before the commit. Callbacks of a rolled-back transaction never run.
// Never runs a callback inside the transaction (it may not touch `tx`).
import type { Db, Tx } from './index.ts';

const pending = new WeakMap<Tx, Array<() => void>>();

/** Runs `work` in a transaction; what it registers with `afterCommit` runs once it committed. */
export async function transactionWithAfterCommit<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
	const callbacks: Array<() => void> = [];
	const result = await db.transaction().execute((tx) => {
		pending.set(tx, callbacks);
		return work(tx);
	});
	for (const callback of callbacks) setImmediate(callback);
	return result;
}

/** Defers `callback` until `tx` committed (or to the next turn when `tx` was not opened above). */
export function afterCommit(tx: Tx, callback: () => void): void {
	const callbacks = pending.get(tx);
	if (callbacks) callbacks.push(callback);
	else setImmediate(callback);
}
