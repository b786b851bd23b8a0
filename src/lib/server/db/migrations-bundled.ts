// The migration files bundled into the server build by Vite.
import { parseMigrationFiles, type Migration } from './migrate.ts';
import type { MigrationSet } from './index.ts';

const files = import.meta.glob('./migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;
const postgresFiles = import.meta.glob('./migrations/pg/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export function bundledMigrations(): Migration[] {
	return parseMigrationFiles(files);
}

export function bundledMigrationSet(): MigrationSet {
	return { sqlite: parseMigrationFiles(files), postgres: parseMigrationFiles(postgresFiles) };
}
