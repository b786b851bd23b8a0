import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { recordAudit, toChainedEntry } from '../../../../src/lib/server/audit/log.ts';
import { listCheckpoints, signAuditHead } from '../../../../src/lib/server/audit/checkpoints.ts';
import { exportAuditLines, parseAuditJsonl, verifyAuditFile } from '../../../../src/lib/server/audit/export.ts';
import { verifyAuditLog } from '../../../../src/lib/server/audit/query.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
const sealer = createSealer(new Uint8Array(randomBytes(32)));
const actor = systemActor('system');

beforeEach(async () => {
	database = openTestDatabase();
	for (let i = 0; i < 4; i++) await recordAudit(database.db, actor, { action: 'test.event', details: { i } });
});
afterEach(() => database.close());

async function entries() {
	return (await database.db.selectFrom('audit_log').selectAll().orderBy('id').execute()).map(toChainedEntry);
}

describe('signed audit checkpoints', () => {
	it('signs the head once per new head with the sealed console key', async () => {
		const first = await signAuditHead(database.db, sealer);
		expect(first).toMatchObject({ entryId: 4 });
		expect(await signAuditHead(database.db, sealer)).toBeNull();
		await recordAudit(database.db, actor, { action: 'test.later' });
		const second = await signAuditHead(database.db, sealer);
		expect(second).toMatchObject({ entryId: 5, pubkey: first?.pubkey });
		const key = await database.db.selectFrom('console_key').selectAll().executeTakeFirstOrThrow();
		expect(key.secret_sealed).toMatch(/^v1\./);
		expect(await verifyAuditLog(database.db)).toMatchObject({ ok: true, count: 5, checkpoints: 2 });
	});

	it('detects entries cut from the end, which the chain alone cannot', async () => {
		await signAuditHead(database.db, sealer);
		database.raw.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 4;');
		const remaining = await entries();
		expect(verifyAuditFile({ entries: remaining, checkpoints: [], complete: true }, { pinnedPubkey: null })).toMatchObject({ ok: true });
		expect(verifyAuditFile({ entries: remaining, checkpoints: await listCheckpoints(database.db), complete: true }, { pinnedPubkey: null })).toMatchObject({ ok: false, problem: expect.stringContaining('cut from the end') });
	});

	it('refuses a forged or altered checkpoint', async () => {
		const checkpoint = (await signAuditHead(database.db, sealer))!;
		const all = await entries();
		const file = (checkpoints: (typeof checkpoint)[]) => verifyAuditFile({ entries: all, checkpoints, complete: true }, { pinnedPubkey: null });
		expect(file([{ ...checkpoint, headHash: all[1]!.hash }])).toMatchObject({ ok: false, problem: expect.stringContaining('bad signature') });
		expect(file([{ ...checkpoint, signature: '00'.repeat(64) }])).toMatchObject({ ok: false });
	});

	it('round-trips checkpoints through the export file', async () => {
		await signAuditHead(database.db, sealer);
		const lines: string[] = [];
		for await (const line of exportAuditLines(database.db)) lines.push(line);
		const parsed = parseAuditJsonl(lines.join('\n'));
		expect(parsed.checkpoints).toHaveLength(1);
		expect(verifyAuditFile(parsed, { pinnedPubkey: null })).toMatchObject({ ok: true, checkpoints: 1 });
		const truncated = parseAuditJsonl([...lines.slice(0, 3), lines[4]!].join('\n'));
		expect(verifyAuditFile(truncated, { pinnedPubkey: null }).ok).toBe(false);
	});
});
