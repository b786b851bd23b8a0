// Read-modify-write inside a transaction without lost updates on either dialect. SQLite runs one
// write transaction at a time, so a plain read is already safe; PostgreSQL runs them side by side
// (READ COMMITTED), so the read must lock the row (SELECT … FOR UPDATE) until the transaction ends.
// Never used outside a transaction: the lock would be released at once.
import { isPostgres, type DialectCarrier } from './dialect.ts';

/** `query` with FOR UPDATE on PostgreSQL, unchanged on SQLite. */
export function lockingRead<Q extends { forUpdate(): Q }>(tx: DialectCarrier, query: Q): Q {
	return isPostgres(tx) ? query.forUpdate() : query;
}
