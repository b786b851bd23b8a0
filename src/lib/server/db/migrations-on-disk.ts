// Reads the migration files from the source tree, for the CLI and tests that run
// outside Vite (the web server gets the same files bundled through import.meta.glob).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseMigrationFiles, type Migration } from './migrate.ts';
import type { MigrationSet } from './index.ts';

export const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));
/** The PostgreSQL twin of every file in migrationsDir, under the same name. */
export const postgresMigrationsDir = join(migrationsDir, 'pg');

export function readMigrationsFromDisk(dir = migrationsDir): Migration[] {
	const files: Record<string, string> = {};
	for (const name of readdirSync(dir)) {
		if (name.endsWith('.sql')) files[name] = readFileSync(join(dir, name), 'utf8');
	}
	return parseMigrationFiles(files);
}

export function readMigrationSetFromDisk(): MigrationSet {
	return { sqlite: readMigrationsFromDisk(), postgres: readMigrationsFromDisk(postgresMigrationsDir) };
}
