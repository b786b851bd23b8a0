// An in-memory database with the real migrations, for repository and service tests.
import { openDatabase, type OpenDatabase } from '../../src/lib/server/db/index.ts';
import { readMigrationsFromDisk } from '../../src/lib/server/db/migrations-on-disk.ts';

export function openTestDatabase(): OpenDatabase {
	return openDatabase(':memory:', readMigrationsFromDisk());
}
