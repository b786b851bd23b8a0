// The workspace's summary of the verified transcript: counts each verified message once (two
// keys find the same message), counts rejections, lists the newest messages oldest first with an
// attachment shown by its name, and has nothing to show before a key is imported.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { loadEvidenceSummary } from '../../../../src/lib/server/evidence/evidence-summary.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { seedTakenCase } from '../../../helpers/case-seed.ts';

let database: OpenDatabase;
let disputeId: string;

beforeEach(async () => {
	database = openTestDatabase();
	const id = await insertUser(database.db, { name: 'mia', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	disputeId = (await seedTakenCase(database.db, id, { amount: 70_000, fee: 210 })).disputeId;
});
afterEach(async () => {
	await database.close();
});

async function addKey(n: number): Promise<number> {
	const row = await database.db
		.insertInto('evidence_keys')
		.values({
			dispute_id: disputeId,
			n,
			fingerprint: `f${n}`,
			secret_sealed: 'sealed',
			key_kind: 'ecdh_secret',
			conv_pubkey: null,
			sign_pubkey: null,
			legacy_pubkey: null,
			since: null,
			disclosed_by: 'buyer',
			disclosed_via: 'out_of_band',
			disclosed_at: 0,
			source_message_id: null,
			imported_by: null,
			imported_at: 0,
			refreshed_at: 0
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

let serial = 0;
async function addEvent(keyId: number, e: { innerId: string | null; at: number; content: string; verdict?: string; role?: string }): Promise<void> {
	serial += 1;
	await database.db
		.insertInto('evidence_events')
		.values({
			key_id: keyId,
			dispute_id: disputeId,
			outer_id: `o${serial}`,
			raw_hash: `h-${e.innerId ?? serial}`,
			outer_raw: '{}',
			outer_kind: 1059,
			outer_created_at: e.at,
			generation: 'current',
			inner_raw: JSON.stringify({ content: e.content }),
			inner_id: e.innerId,
			inner_created_at: e.at,
			signer_role: e.role ?? 'buyer',
			verdict: e.verdict ?? 'accepted',
			step: 0,
			first_seen_at: 0
		})
		.execute();
}

describe('loadEvidenceSummary', () => {
	it('is empty before a key is imported', async () => {
		expect(await loadEvidenceSummary(database.db, disputeId)).toEqual({ keys: 0, messages: 0, rejected: 0, recent: [] });
	});

	it('counts each verified message once and lists the newest, oldest first', async () => {
		const first = await addKey(1);
		const second = await addKey(2);
		await addEvent(first, { innerId: 'b', at: 200, content: 'second', role: 'seller' });
		await addEvent(first, { innerId: 'a', at: 100, content: 'first' });
		await addEvent(second, { innerId: 'a', at: 100, content: 'first' });
		await addEvent(first, { innerId: null, at: 150, content: 'forged', verdict: 'bad_signature' });
		const summary = await loadEvidenceSummary(database.db, disputeId);
		expect(summary).toMatchObject({ keys: 2, messages: 2, rejected: 1 });
		expect(summary.recent.map((m) => [m.text, m.role])).toEqual([
			['first', 'buyer'],
			['second', 'seller']
		]);
	});
});
