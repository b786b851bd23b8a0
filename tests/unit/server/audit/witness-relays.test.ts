// The Nostr checkpoint event (issue 14 §1): built from a checkpoint, parsed back only when both
// the event signature and the checkpoint signature hold for the expected audit key.
import { randomBytes } from 'node:crypto';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { recordAudit } from '../../../../src/lib/server/audit/log.ts';
import { ensureAuditKey, signAuditHead, type Checkpoint } from '../../../../src/lib/server/audit/checkpoints.ts';
import { AUDIT_CHECKPOINT_KIND, parseCheckpointEvent, signCheckpointEvent } from '../../../../src/lib/server/audit/witness-relays.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { systemActor } from '../../../../src/lib/server/auth/actor.ts';

let database: OpenDatabase;
let pubkey: string;
let checkpoint: Checkpoint;
const sealer = createSealer(new Uint8Array(randomBytes(32)));

beforeEach(async () => {
	database = openTestDatabase();
	pubkey = (await ensureAuditKey(database.db, sealer)).pubkey;
	await recordAudit(database.db, systemActor('system'), { action: 'test.event' });
	checkpoint = (await signAuditHead(database.db, sealer))!;
});
afterEach(() => database.close());

describe('checkpoint events', () => {
	it('round-trips a checkpoint through a kind 3383 event signed by the audit key', async () => {
		const event = await signCheckpointEvent(database.db, sealer, checkpoint);
		expect(event).toMatchObject({ kind: AUDIT_CHECKPOINT_KIND, pubkey, content: '', created_at: Math.floor(checkpoint.signedAt / 1000) });
		expect(event.tags).toEqual(
			expect.arrayContaining([
				['count', '1'],
				['head', checkpoint.headHash]
			])
		);
		expect(parseCheckpointEvent(event, pubkey)).toEqual(checkpoint);
	});

	it('refuses events by another key, edited tags and a checkpoint signature that does not hold', async () => {
		const event = await signCheckpointEvent(database.db, sealer, checkpoint);
		expect(parseCheckpointEvent(event, 'cd'.repeat(32))).toBeNull();
		const edited = { ...event, tags: event.tags.map((t) => (t[0] === 'head' ? ['head', 'ff'.repeat(32)] : t)) };
		expect(parseCheckpointEvent(edited, pubkey)).toBeNull();
		// A correctly signed event by another key that claims the console's checkpoint.
		const otherKey = generateSecretKey();
		const other = finalizeEvent({ kind: AUDIT_CHECKPOINT_KIND, created_at: event.created_at, tags: event.tags, content: '' }, otherKey);
		expect(parseCheckpointEvent(other, other.pubkey)).toBeNull();
		expect(parseCheckpointEvent('not an event', pubkey)).toBeNull();
	});
});
