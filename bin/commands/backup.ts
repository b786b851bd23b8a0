// `mostro-mediator backup [--sealed] <file>` and `restore <sealed file> <new database file>`:
// a consistent copy of the console database taken while the console runs (SQLite `VACUUM
// INTO`). Backup files are created exclusively (never overwriting) with mode 0600. A plain
// backup holds party chat text, decrypted evidence, password hashes and the audit log in
// clear (only keys are sealed); `--sealed` encrypts the whole copy with the master key, which
// is then needed to restore. Never prints key material or database contents. Messages are in the
// language the command line picked (cli-tool-messages.ts).
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { loadConfig } from '../../src/lib/server/config.ts';
import { loadMasterKey } from '../../src/lib/server/vault/master-key.ts';
import { createSealer, SealError } from '../../src/lib/server/vault/seal.ts';
import { openSealedBackup, sealBackup } from '../../src/lib/server/vault/sealed-backup.ts';
import { databasePath } from './database.ts';
import type { Locale } from '../../src/lib/i18n/locales.ts';
import { cliText } from '../cli-messages.ts';

const PRIVATE = 0o600;

/** Creates `path` empty, 0600, failing if anything already exists there. */
function createExclusive(path: string): boolean {
	try {
		closeSync(openSync(path, 'wx', PRIVATE));
		return true;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
		throw error;
	}
}

function copyDatabase(source: string, destination: string): void {
	const db = new DatabaseSync(source, { readOnly: true });
	try {
		db.exec('PRAGMA busy_timeout = 5000');
		db.prepare('VACUUM INTO ?').run(destination);
	} finally {
		db.close();
	}
}

function masterSealer() {
	const config = loadConfig();
	return createSealer(loadMasterKey(config.dataDir, config.masterKeyHex).key);
}

export async function backupCommand(args: string[], locale: Locale = 'en'): Promise<number> {
	const fail = (key: 'backup.postgres' | 'backup.no_database' | 'backup.exists', path = '') => console.error(cliText(locale, 'error', { message: cliText(locale, key, { path }) }));
	const sealed = args.includes('--sealed');
	const rest = args.filter((arg) => arg !== '--sealed');
	const [target] = rest;
	if (!target || rest.length !== 1) {
		console.error(cliText(locale, 'backup.usage'));
		return 2;
	}
	const destination = resolve(target);
	if (process.env.MEDIATOR_DATABASE_URL) {
		fail('backup.postgres');
		return 2;
	}
	const source = databasePath();
	if (!existsSync(source)) {
		fail('backup.no_database', source);
		return 1;
	}
	if (!createExclusive(destination)) {
		fail('backup.exists', destination);
		return 1;
	}
	try {
		if (sealed) {
			const work = mkdtempSync(join(tmpdir(), 'mm-backup-'));
			try {
				const plain = join(work, 'copy.sqlite');
				copyDatabase(source, plain);
				writeFileSync(destination, sealBackup(masterSealer(), readFileSync(plain)), { mode: PRIVATE });
			} finally {
				rmSync(work, { recursive: true, force: true });
			}
		} else {
			copyDatabase(source, destination);
		}
	} catch (error) {
		rmSync(destination, { force: true });
		throw error;
	}
	console.log(cliText(locale, sealed ? 'backup.written_sealed' : 'backup.written', { path: destination }));
	console.log(cliText(locale, sealed ? 'backup.restore_hint' : 'backup.plain_warning'));
	return 0;
}

export async function restoreCommand(args: string[], locale: Locale = 'en'): Promise<number> {
	const [from, to] = args;
	if (!from || !to || args.length !== 2) {
		console.error(cliText(locale, 'restore.usage'));
		return 2;
	}
	let database: Uint8Array;
	try {
		database = openSealedBackup(masterSealer(), new Uint8Array(readFileSync(resolve(from))));
	} catch (error) {
		if (error instanceof SealError) {
			console.error(cliText(locale, 'error', { message: error.message }));
			return 1;
		}
		throw error;
	}
	const destination = resolve(to);
	try {
		writeFileSync(destination, database, { mode: PRIVATE, flag: 'wx' });
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		console.error(cliText(locale, 'error', { message: cliText(locale, 'backup.exists', { path: destination }) }));
		return 1;
	}
	console.log(cliText(locale, 'restore.done', { path: destination }));
	return 0;
}
