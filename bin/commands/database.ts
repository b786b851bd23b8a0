// Opens the console's database for a command-line tool, from the same configuration the
// server uses (MEDIATOR_DATA_DIR or mediator.config.json; PostgreSQL when MEDIATOR_DATABASE_URL
// is set), applying pending migrations.
import { join } from 'node:path';
import { loadConfig } from '../../src/lib/server/config.ts';
import { openConsoleDatabase as openDatabaseOf, type ConsoleDatabase } from '../../src/lib/server/db/index.ts';
import { readMigrationSetFromDisk } from '../../src/lib/server/db/migrations-on-disk.ts';
import { DATABASE_FILE, prepareDataDir } from '../../src/lib/server/runtime.ts';
import { loadMasterKey } from '../../src/lib/server/vault/master-key.ts';
import { createSealer, type Sealer } from '../../src/lib/server/vault/seal.ts';

export function databasePath(): string {
	return join(loadConfig().dataDir, DATABASE_FILE);
}

export function openConsoleDatabase(): Promise<ConsoleDatabase> {
	const config = loadConfig();
	prepareDataDir(config.dataDir);
	return openDatabaseOf({ databaseUrl: config.databaseUrl, sqlitePath: join(config.dataDir, DATABASE_FILE) }, readMigrationSetFromDisk());
}

/** The sealer over the console's master key, for commands that sign audit checkpoints. */
export function openConsoleSealer(): Sealer {
	const config = loadConfig();
	prepareDataDir(config.dataDir);
	return createSealer(loadMasterKey(config.dataDir, config.masterKeyHex).key);
}
