// The migration files bundled into the server build by Vite.
import { parseMigrationFiles, type Migration } from './migrate.ts';

const files = import.meta.glob('./migrations/*.sql', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export function bundledMigrations(): Migration[] {
	return parseMigrationFiles(files);
}
