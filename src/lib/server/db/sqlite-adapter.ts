// Presents a node:sqlite DatabaseSync in the shape Kysely's SqliteDialect expects
// (the better-sqlite3 interface: prepare → { reader, all, run, iterate }). A full disk
// (SQLITE_FULL) becomes the refusal `storage_full`, and a rollback after SQLite already rolled
// back on its own is a no-op, so the cause is what the caller sees.
// Never builds SQL itself: it only forwards statements and their bound parameters.
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { Refusal } from '../errors.ts';

const SQLITE_FULL = 13;

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

/** The disk (or the file's size limit) is full: nothing was written, say so in words. */
function storageError(error: unknown): unknown {
	const code = (error as { errcode?: unknown } | null)?.errcode;
	return typeof code === 'number' && (code & 0xff) === SQLITE_FULL ? new Refusal('storage_full', 'error.disk_full') : error;
}

function guarded<T>(work: () => T): T {
	try {
		return work();
	} catch (error) {
		throw storageError(error);
	}
}

function wrapStatement(statement: StatementSync): KyselyStatement {
	return {
		reader: statement.columns().length > 0,
		all: (parameters) => guarded(() => statement.all(...toSqlValues(parameters))),
		run: (parameters) => guarded(() => statement.run(...toSqlValues(parameters))),
		iterate: (parameters) => guarded(() => statement.iterate(...toSqlValues(parameters)) as IterableIterator<unknown>)
	};
}

/** SQLite ends the transaction itself on some errors (SQLITE_FULL among them). */
const NOTHING_TO_ROLL_BACK: KyselyStatement = {
	reader: false,
	all: () => [],
	run: () => ({ changes: 0, lastInsertRowid: 0 }),
	iterate: () => [][Symbol.iterator]()
};

export function adaptForKysely(database: DatabaseSync): KyselySqliteDatabase {
	return {
		close: () => database.close(),
		prepare: (sql) => {
			if (/^\s*rollback\s*;?\s*$/i.test(sql) && !database.isTransaction) return NOTHING_TO_ROLL_BACK;
			return guarded(() => wrapStatement(database.prepare(sql)));
		}
	};
}
