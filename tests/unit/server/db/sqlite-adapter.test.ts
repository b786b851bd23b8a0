// The SQLite adapter on a full database (a file held to a few pages with PRAGMA
// max_page_count, which fails writes the way a full disk does): a write is refused as
// `storage_full` with its message key, also inside a transaction (regression: Kysely's
// rollback after SQLite had already rolled back replaced the cause with "cannot rollback -
// no transaction is active"), reads keep working, and writes work again once there is room.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase, type OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { readMigrationsFromDisk } from '../../../../src/lib/server/db/migrations-on-disk.ts';
import { appendAudit } from '../../../../src/lib/server/audit/log.ts';

describe('the SQLite adapter when the database cannot grow', () => {
	let dir: string;
	let open: OpenDatabase;
	beforeEach(() => {
		dir = mkdtempSync(join(tmpdir(), 'mm-adapter-'));
		open = openDatabase(join(dir, 'full.sqlite'), readMigrationsFromDisk());
	});
	afterEach(async () => {
		await open.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('refuses the write as storage_full, keeps reads, and writes again once there is room', async () => {
		const pages = Number((open.raw.prepare('PRAGMA page_count').get() as { page_count: number }).page_count);
		open.raw.exec(`PRAGMA max_page_count = ${pages + 1}`);
		const big = 'x'.repeat(20_000);
		const write = () =>
			open.db.transaction().execute(async (tx) => {
				await appendAudit(tx, systemActor('cli'), { action: 'test.filler', subject: null, details: { big } });
				await appendAudit(tx, systemActor('cli'), { action: 'test.filler', subject: null, details: { big } });
			});
		await expect(write()).rejects.toMatchObject({ code: 'storage_full', messageKey: 'error.disk_full', status: 507 });
		await expect(sql`INSERT INTO settings (key, value, updated_at) VALUES ('a', ${big}, 0)`.execute(open.db)).rejects.toMatchObject({ code: 'storage_full' });
		expect(await open.db.selectFrom('audit_log').select('id').where('action', '=', 'test.filler').execute()).toEqual([]);
		open.raw.exec(`PRAGMA max_page_count = ${pages + 100}`);
		await write();
		expect(await open.db.selectFrom('audit_log').select('id').where('action', '=', 'test.filler').execute()).toHaveLength(2);
	});
});
