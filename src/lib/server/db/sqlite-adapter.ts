// Presents a node:sqlite DatabaseSync in the shape Kysely's SqliteDialect expects
// (the better-sqlite3 interface: prepare → { reader, all, run, iterate }).
// Never builds SQL itself: it only forwards statements and their bound parameters.
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

interface KyselyStatement {
	readonly reader: boolean;
	all(parameters: ReadonlyArray<unknown>): unknown[];
	run(parameters: ReadonlyArray<unknown>): { changes: number | bigint; lastInsertRowid: number | bigint };
	iterate(parameters: ReadonlyArray<unknown>): IterableIterator<unknown>;
}

export interface KyselySqliteDatabase {
	close(): void;
	prepare(sql: string): KyselyStatement;
}

/** node:sqlite refuses booleans; store them as 0/1 like SQLite itself does. */
function toSqlValues(parameters: ReadonlyArray<unknown>): SQLInputValue[] {
	return parameters.map((value) => {
		if (typeof value === 'boolean') return value ? 1 : 0;
		return value as SQLInputValue;
	});
}

function wrapStatement(statement: StatementSync): KyselyStatement {
	return {
		reader: statement.columns().length > 0,
		all: (parameters) => statement.all(...toSqlValues(parameters)),
		run: (parameters) => statement.run(...toSqlValues(parameters)),
		iterate: (parameters) => statement.iterate(...toSqlValues(parameters)) as IterableIterator<unknown>
	};
}

export function adaptForKysely(database: DatabaseSync): KyselySqliteDatabase {
	return {
		close: () => database.close(),
		prepare: (sql) => wrapStatement(database.prepare(sql))
	};
}
