// Opens the console's database for a command-line tool, from the same configuration the
// server uses (MEDIATOR_DATA_DIR or mediator.config.json), applying pending migrations.
import { join } from 'node:path';
import { loadConfig } from '../../src/lib/server/config.ts';
import { openDatabase, type OpenDatabase } from '../../src/lib/server/db/index.ts';
import { readMigrationsFromDisk } from '../../src/lib/server/db/migrations-on-disk.ts';
import { DATABASE_FILE, prepareDataDir } from '../../src/lib/server/runtime.ts';
import { loadMasterKey } from '../../src/lib/server/vault/master-key.ts';
import { createSealer, type Sealer } from '../../src/lib/server/vault/seal.ts';

export function databasePath(): string {
	return join(loadConfig().dataDir, DATABASE_FILE);
}

export function openConsoleDatabase(): OpenDatabase {
	const config = loadConfig();
	prepareDataDir(config.dataDir);
	return openDatabase(join(config.dataDir, DATABASE_FILE), readMigrationsFromDisk());
}

/** The sealer over the console's master key, for commands that sign audit checkpoints. */
export function openConsoleSealer(): Sealer {
	const config = loadConfig();
	prepareDataDir(config.dataDir);
	return createSealer(loadMasterKey(config.dataDir, config.masterKeyHex).key);
}
