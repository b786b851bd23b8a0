// /readyz's check: ready with a reachable database at this build's schema version; not ready
// (never an exception) when migrations are missing or the database is gone. No data in the answer.
import { describe, expect, it } from 'vitest';
import { checkReadiness, healthResponse } from '../../../../src/lib/server/health/readiness.ts';
import { readMigrationsFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';

const newest = Math.max(...readMigrationsFromDisk().map((migration) => migration.version));

describe('readiness', () => {
	it('is ready when every migration this build knows is applied', async () => {
		const database = openTestDatabase();
		expect(await checkReadiness(database.db, newest)).toEqual({ ready: true, reason: 'ok' });
		expect(await checkReadiness(database.db, newest + 1)).toEqual({ ready: false, reason: 'migrations_pending' });
		await database.close();
	});

	it('is not ready, without throwing, when the database is closed', async () => {
		const database = openTestDatabase();
		database.raw.close();
		expect(await checkReadiness(database.db, newest)).toEqual({ ready: false, reason: 'database_unreachable' });
	});

	it('answers a fixed word with no data and no caching', async () => {
		const ok = healthResponse(true);
		const down = healthResponse(false);
		expect([ok.status, await ok.text(), ok.headers.get('cache-control')]).toEqual([200, 'ok\n', 'no-store']);
		expect([down.status, await down.text()]).toEqual([503, 'not ready\n']);
	});
});
