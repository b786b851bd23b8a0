import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { appendAudit, recordAudit, toChainedEntry } from '../../../../src/lib/server/audit/log.ts';
import { GENESIS_HASH, verifyChain } from '../../../../src/lib/server/audit/hash-chain.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
const actor = systemActor('system');

beforeEach(async () => {
	database = openTestDatabase();
	for (let i = 0; i < 5; i++) await recordAudit(database.db, actor, { action: 'test.event', subject: `thing:${i}`, details: { i }, at: 1000 + i });
});
afterEach(() => database.close());

async function chain() {
	const rows = await database.db.selectFrom('audit_log').selectAll().orderBy('id').execute();
	return rows.map(toChainedEntry);
}

/** Someone with write access to the file removes the append-only triggers. */
function dropGuards() {
	database.raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
}

describe('audit hash chain', () => {
	it('links each entry to the previous one and verifies', async () => {
		const entries = await chain();
		expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
		expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
		expect(verifyChain(entries)).toEqual({ ok: true, count: 5, head: entries[4]!.hash });
	});

	it('refuses updates and deletes at the database level', () => {
		expect(() => database.raw.exec("UPDATE audit_log SET action = 'x' WHERE id = 2")).toThrow(/append-only/);
		expect(() => database.raw.exec('DELETE FROM audit_log WHERE id = 2')).toThrow(/append-only/);
	});

	it('detects an edited entry', async () => {
		dropGuards();
		database.raw.exec(`UPDATE audit_log SET details = '{"i":99}' WHERE id = 3`);
		expect(verifyChain(await chain())).toMatchObject({ ok: false, badId: 3, problem: 'content was edited' });
	});

	it('detects a deleted entry', async () => {
		dropGuards();
		database.raw.exec('DELETE FROM audit_log WHERE id = 2');
		expect(verifyChain(await chain())).toMatchObject({ ok: false, badId: 3 });
	});

	it('detects reordering', async () => {
		const entries = await chain();
		const swapped = [entries[0]!, entries[2]!, entries[1]!, entries[3]!, entries[4]!];
		expect(verifyChain(swapped).ok).toBe(false);
	});

	it('rolls back with the change it records', async () => {
		await expect(
			database.db.transaction().execute(async (tx) => {
				await appendAudit(tx, actor, { action: 'doomed' });
				throw new Error('the change failed');
			})
		).rejects.toThrow('the change failed');
		const entries = await chain();
		expect(entries.map((e) => e.action)).not.toContain('doomed');
		expect(verifyChain(entries).ok).toBe(true);
	});
});
