// Read-only view of the soak console's SQLite file from the benchmark process, the way an
// operator would look at it: what the mediator team waits for and what the invariants count.
// Must never write (the connection is opened read-only) and never hold a transaction open.
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';

export type Row = Record<string, string | number | null>;

export class ConsoleDb {
	#db: DatabaseSync | null = null;
	readonly file: string;

	constructor(dataDir: string) {
		this.file = join(dataDir, 'mediator.sqlite');
	}

	all<T = Row>(sql: string, ...params: Array<string | number>): T[] {
		this.#db ??= new DatabaseSync(this.file, { readOnly: true });
		return this.#db.prepare(sql).all(...params) as T[];
	}

	one<T = Row>(sql: string, ...params: Array<string | number>): T | undefined {
		return this.all<T>(sql, ...params)[0];
	}

	close(): void {
		this.#db?.close();
		this.#db = null;
	}
}
