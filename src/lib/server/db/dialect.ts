// Tells the two supported SQL dialects apart from a Kysely handle or transaction, for the few
// places that must behave differently (locks, PostgreSQL-only statements). Never builds SQL:
// callers that can stay dialect-neutral should not ask.
import { PostgresAdapter } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** A Kysely handle or transaction, of any schema. */
export interface DialectCarrier {
	getExecutor(): { readonly adapter: unknown };
}

export function dialectOf(db: DialectCarrier): Dialect {
	return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

export function isPostgres(db: DialectCarrier): boolean {
	return dialectOf(db) === 'postgres';
}
