// `mostro-mediator backup <file>`: a consistent copy of the console database taken while the
// console runs (SQLite `VACUUM INTO`). Never overwrites an existing file. The copy holds sealed
// secrets only; the master key (MEDIATOR_MASTER_KEY or <data dir>/master.key) is needed to
// open them and is deliberately not part of the backup.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { databasePath } from './database.ts';

export async function backupCommand(args: string[]): Promise<number> {
	const [target] = args;
	if (!target) {
		console.error('usage: backup <file>');
		return 2;
	}
	const destination = resolve(target);
	if (existsSync(destination)) {
		console.error(`error: ${destination} already exists; choose a new file name`);
		return 1;
	}
	const source = databasePath();
	if (!existsSync(source)) {
		console.error(`error: no console database at ${source}`);
		return 1;
	}
	const db = new DatabaseSync(source, { readOnly: true });
	try {
		db.exec('PRAGMA busy_timeout = 5000');
		db.prepare('VACUUM INTO ?').run(destination);
	} finally {
		db.close();
	}
	console.log(`Backup written to ${destination}.`);
	console.log('Keep the master key (MEDIATOR_MASTER_KEY or master.key in the data directory) safe and separate: sealed secrets cannot be opened without it.');
	return 0;
}
