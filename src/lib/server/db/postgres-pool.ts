// A pg connection pool shaped for Kysely's PostgresDialect, with the console's value rules:
// BIGINT and NUMERIC come back as JavaScript numbers (epoch milliseconds, ids and counts all fit
// in 2^53), and booleans are bound as 0/1 like the SQLite adapter does (the columns are INTEGER).
// Never logs statements or parameters; the URL (which may hold a password) is never printed.
import pg from 'pg';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

const INT8_OID = 20;
const NUMERIC_OID = 1700;

const typeParsers = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
		return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
	}
} as pg.CustomTypesConfig;

function toPgValues(parameters: ReadonlyArray<unknown>): unknown[] {
	return parameters.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
}

function wrapClient(client: pg.PoolClient): PostgresPoolClient {
	function query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
	function query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
	function query<R>(first: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
		if (typeof first !== 'string') throw new Error('cursors are not used by the console');
		return client.query(first, toPgValues(parameters ?? [])) as unknown as Promise<PostgresQueryResult<R>>;
	}
	return { query, release: () => client.release() };
}

export interface ConsolePool extends PostgresPool {
	/** The underlying pg pool, for LISTEN connections and the leader lock. */
	readonly pg: pg.Pool;
}

export interface PoolOptions {
	max?: number;
	/** Name shown in pg_stat_activity. */
	applicationName?: string;
}

export function createPool(url: string, options: PoolOptions = {}): ConsolePool {
	const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types: typeParsers, application_name: options.applicationName ?? 'mostro-mediator' });
	// An idle client losing its server must not crash the process; the next checkout reconnects.
	pool.on('error', () => {});
	return {
		pg: pool,
		connect: async () => wrapClient(await pool.connect()),
		end: () => pool.end()
	};
}

/** A single client outside the pool with the same type rules (LISTEN, leader lock). */
export function createClient(url: string, applicationName = 'mostro-mediator'): pg.Client {
	return new pg.Client({ connectionString: url, types: typeParsers, application_name: applicationName });
}
