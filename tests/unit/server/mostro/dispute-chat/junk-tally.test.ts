// The junk tally: one row per conversation and reason however many events, each outer id
// counted once (the same junk delivered again after a restart is not counted again).
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../helpers/test-db.ts';
import type { OpenDatabase } from '../../../../../src/lib/server/db/index.ts';
import { countChatJunk, filterAdd, filterHas, JUNK_FILTER_BYTES, tallyJunk } from '../../../../../src/lib/server/mostro/dispute-chat/junk-tally.ts';

const id = () => randomBytes(32).toString('hex');

describe('junk tally', () => {
	let database: OpenDatabase;
	beforeEach(() => (database = openTestDatabase()));
	afterEach(async () => database.close());

	it('never misses an id it holds, and rarely claims one it does not', () => {
		const filter = new Uint8Array(JUNK_FILTER_BYTES);
		const held = Array.from({ length: 300 }, id);
		for (const one of held) filterAdd(filter, one);
		expect(held.every((one) => filterHas(filter, one))).toBe(true);
		const strangers = Array.from({ length: 2000 }, id).filter((one) => filterHas(filter, one));
		expect(strangers.length).toBeLessThanOrEqual(1);
	});

	it('counts 300 distinct events in one row, and the same 300 again not at all', async () => {
		const ids = Array.from({ length: 300 }, id);
		let counted = 0;
		for (const one of ids) if (await tallyJunk(database.db, 'd1', 'buyer', one, 'decrypt_failed', 1000)) counted += 1;
		for (const one of ids) if (await tallyJunk(database.db, 'd1', 'buyer', one, 'decrypt_failed', 2000)) counted += 1;
		await tallyJunk(database.db, 'd1', 'seller', ids[0]!, 'unknown_signer', 3000);
		expect(counted).toBe(300);
		expect(await countChatJunk(database.db, 'd1')).toEqual([
			{ party: 'buyer', reason: 'decrypt_failed', n: 300 },
			{ party: 'seller', reason: 'unknown_signer', n: 1 }
		]);
		const rows = await database.db.selectFrom('chat_junk_tallies').select(['first_at', 'last_at', 'seen']).where('party', '=', 'buyer').execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ first_at: 1000, last_at: 1000 });
		expect(rows[0]!.seen.byteLength).toBe(JUNK_FILTER_BYTES);
	});
});
