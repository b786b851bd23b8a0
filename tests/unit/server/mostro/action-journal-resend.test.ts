// The journal's side of sending a decision again (decision-resender.ts): an open row goes back
// to `sent` with the new event and one more resend counted; an ended row never moves; receipts
// tell "never left" (every relay not connected) from "left" and from "unknown" (none recorded).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { getJournalEntry, insertJournalEntry, recordReceipts, reopenJournalEntry, resendCount, settleJournalEntry } from '../../../../src/lib/server/mostro/action-journal.ts';
import { neverLeft } from '../../../../src/lib/server/mostro/decision-resender.ts';
import { NOT_CONNECTED } from '../../../../src/lib/server/relays/relay-connection.ts';

let database: OpenDatabase;
const entry = (requestId: number) => ({ requestId, action: 'admin-settle', disputeId: null, orderId: null, actorUserId: null, signerPubkey: 'ab'.repeat(32), eventId: 'e1', details: { decisionId: 7 } });

beforeEach(() => {
	database = openTestDatabase();
});
afterEach(() => database.close());

describe('sending a journaled request again', () => {
	it('reopens a row without an answer, counts the resend and keeps the other details', async () => {
		await insertJournalEntry(database.db, entry(11), 1000);
		expect(await settleJournalEntry(database.db, 11, 'no-answer', null, 2000)).toBe(true);
		expect(await database.db.transaction().execute((tx) => reopenJournalEntry(tx, 11, 'e2', 3000))).toBe(1);
		const row = await getJournalEntry(database.db, 11);
		expect(row).toMatchObject({ state: 'sent', event_id: 'e2', updated_at: 3000 });
		expect(JSON.parse(row!.details)).toEqual({ decisionId: 7, resends: 1 });
		expect(resendCount(row!)).toBe(1);
		expect(await database.db.transaction().execute((tx) => reopenJournalEntry(tx, 11, 'e3', 4000))).toBe(2);
	});

	it('never reopens a row that ended', async () => {
		await insertJournalEntry(database.db, entry(12), 1000);
		expect(await settleJournalEntry(database.db, 12, 'acknowledged', 'admin-settled', 2000)).toBe(true);
		expect(await database.db.transaction().execute((tx) => reopenJournalEntry(tx, 12, 'e2', 3000))).toBeNull();
		expect(await getJournalEntry(database.db, 12)).toMatchObject({ state: 'acknowledged', event_id: 'e1' });
	});

	it('reads from the receipts whether the event left the console', async () => {
		await insertJournalEntry(database.db, entry(13), 1000);
		expect(neverLeft((await getJournalEntry(database.db, 13))!)).toBeNull();
		await recordReceipts(
			database.db,
			13,
			[
				{ relay: 'ws://a', accepted: false, message: NOT_CONNECTED, rttMs: null },
				{ relay: 'ws://b', accepted: false, message: NOT_CONNECTED, rttMs: null }
			],
			2000
		);
		expect(neverLeft((await getJournalEntry(database.db, 13))!)).toBe(true);
		await recordReceipts(
			database.db,
			13,
			[
				{ relay: 'ws://a', accepted: false, message: NOT_CONNECTED, rttMs: null },
				{ relay: 'ws://b', accepted: false, message: 'blocked: rate-limited', rttMs: 40 }
			],
			3000
		);
		expect(neverLeft((await getJournalEntry(database.db, 13))!)).toBe(false);
		expect(neverLeft({ receipts: 'not json' })).toBeNull();
	});
});
