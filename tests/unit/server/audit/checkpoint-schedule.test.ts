// Issue 14 §1: what moves money or access is checkpointed at once, the rest every interval
// when the log grew; a rolled-back transaction is never signed.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { appendAudit, recordAudit } from '../../../../src/lib/server/audit/log.ts';
import { listCheckpoints } from '../../../../src/lib/server/audit/checkpoints.ts';
import { isUrgentAuditAction, startCheckpointSchedule, type CheckpointSchedule } from '../../../../src/lib/server/audit/checkpoint-schedule.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
let schedule: CheckpointSchedule;
const sealer = createSealer(new Uint8Array(randomBytes(32)));
const actor = systemActor('system');

async function settled(): Promise<number[]> {
	await new Promise((resolve) => setTimeout(resolve, 50));
	await schedule.signNow().catch(() => null);
	return (await listCheckpoints(database.db)).map((checkpoint) => checkpoint.entryId);
}

beforeEach(() => {
	database = openTestDatabase();
	schedule = startCheckpointSchedule(database.db, sealer, { intervalMs: 60 * 60 * 1000 });
});
afterEach(async () => {
	await schedule.stop();
	await database.close();
});

describe('checkpoint schedule', () => {
	it('names settle, cancel, approval and user changes as urgent', () => {
		for (const action of ['admin-settle.sent', 'admin-settle.acknowledged', 'admin-cancel.sent', 'decision.approved', 'decision.executed', 'user.created', 'user.role_changed', 'setup.completed']) {
			expect(isUrgentAuditAction(action), action).toBe(true);
		}
		for (const action of ['chat.message_sent', 'login', 'decision.proposed', 'admin-settled-ish', 'users']) expect(isUrgentAuditAction(action), action).toBe(false);
	});

	it('signs right after an urgent entry and leaves other entries to the interval', async () => {
		await recordAudit(database.db, actor, { action: 'chat.message_sent' });
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect((await listCheckpoints(database.db)).map((c) => c.entryId)).toEqual([]);
		await recordAudit(database.db, actor, { action: 'admin-settle.sent', subject: 'dispute:x' });
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect((await listCheckpoints(database.db)).map((c) => c.entryId)).toEqual([2]);
	});

	it('does not sign an urgent entry whose transaction rolled back', async () => {
		await recordAudit(database.db, actor, { action: 'test.event' });
		await expect(
			database.db.transaction().execute(async (tx) => {
				await appendAudit(tx, actor, { action: 'decision.approved' });
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		expect(await settled()).toEqual([1]);
	});

	it('signs what is left when it stops', async () => {
		await recordAudit(database.db, actor, { action: 'test.event' });
		await schedule.stop();
		expect((await listCheckpoints(database.db)).map((c) => c.entryId)).toEqual([1]);
	});
});
