// The journal rows one replica hands to the engine leader (journal-hand-off.ts), on SQLite with
// the real migrations (020 widens the state check there too): a queued row keeps the message
// but never a key; exactly one claim stores its signed event; a later term takes over only a
// claim with an event stored; the move to sent, a withdrawal and an answer each happen once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { getJournalEntry, settleJournalEntry } from '../../../../src/lib/server/mostro/action-journal.ts';
import { claimWithEvent, insertQueuedEntry, listQueuedEntries, markHandedOffSent, readHandedOff, readOutgoingEvent, readReply, storeReply, takeOverClaim, withdrawQueued } from '../../../../src/lib/server/mostro/journal-hand-off.ts';
import { buildAdminTakeDispute } from '../../../../src/lib/protocol/actions/admin-take-dispute.ts';
import { buildMessage } from '../../../../src/lib/protocol/message.ts';

let database: OpenDatabase;
const DISPUTE = '6f0f4b5e-0c1e-4b7e-9f59-3a3c1f4f0a11';
const signerSecret = generateSecretKey();

function eventFor(content: string) {
	return finalizeEvent({ kind: 1059, created_at: 1_800_000_000, tags: [['p', 'ab'.repeat(32)]], content }, signerSecret);
}

async function queue(requestId: number) {
	await database.db.transaction().execute((tx) =>
		insertQueuedEntry(
			tx,
			{
				requestId,
				action: 'admin-take-dispute',
				disputeId: DISPUTE,
				orderId: null,
				actorUserId: null,
				signerPubkey: 'cd'.repeat(32),
				request: { message: buildAdminTakeDispute({ disputeId: DISPUTE, requestId }), timeoutMs: 5000 },
				details: { kind: 'fresh' }
			},
			1000
		)
	);
}

beforeEach(() => {
	database = openTestDatabase();
});
afterEach(() => database.close());

describe('requests handed to the leader through the journal', () => {
	it('keeps the message to sign, never a key', async () => {
		await queue(21);
		const row = (await getJournalEntry(database.db, 21))!;
		expect(row).toMatchObject({ state: 'queued', event_id: null, claimed_by: null, outgoing_event: null });
		const handed = readHandedOff(row);
		expect(handed?.timeoutMs).toBe(5000);
		expect(handed?.message.kind).toMatchObject({ action: 'admin-take-dispute', request_id: 21, id: DISPUTE });
		expect(row.outgoing).not.toContain(Buffer.from(signerSecret).toString('hex'));
		expect((await listQueuedEntries(database.db)).map((r) => r.request_id)).toEqual([21]);
	});

	it('lets exactly one claim store its signed event, and a later term take over only that event', async () => {
		await queue(22);
		const first = eventFor('first');
		expect(await claimWithEvent(database.db, 22, 'term-a', first, 2000)).toBe(true);
		// A second signature (another claimer, or the same one again) is refused by the row.
		expect(await claimWithEvent(database.db, 22, 'term-b', eventFor('second'), 2001)).toBe(false);
		let row = (await getJournalEntry(database.db, 22))!;
		expect(row).toMatchObject({ state: 'queued', claimed_by: 'term-a', event_id: first.id });
		expect(readOutgoingEvent(row)?.id).toBe(first.id);

		// A new leader takes over the claim of the term it names, once.
		expect(await takeOverClaim(database.db, 22, 'term-b', 'term-x', 3000)).toBe(false);
		expect(await takeOverClaim(database.db, 22, 'term-b', 'term-a', 3000)).toBe(true);
		expect(await takeOverClaim(database.db, 22, 'term-c', 'term-a', 3001)).toBe(false);
		// Only the term holding the claim moves it to sent.
		expect(await markHandedOffSent(database.db, 22, 'term-a', 4000)).toBe(false);
		expect(await markHandedOffSent(database.db, 22, 'term-b', 4000)).toBe(true);
		row = (await getJournalEntry(database.db, 22))!;
		expect(row).toMatchObject({ state: 'sent', claimed_by: 'term-b', event_id: first.id });
		expect(await listQueuedEntries(database.db)).toEqual([]);
	});

	it('withdraws a row no leader claimed, never one a leader claimed', async () => {
		await queue(23);
		await queue(24);
		expect(await withdrawQueued(database.db, 23, 'no_leader', 2000)).toBe(true);
		expect(await getJournalEntry(database.db, 23)).toMatchObject({ state: 'refused', reason: 'no_leader' });
		expect(await claimWithEvent(database.db, 23, 'term-a', eventFor('late'), 2001)).toBe(false);
		expect(await claimWithEvent(database.db, 24, 'term-a', eventFor('claimed'), 2000)).toBe(true);
		expect(await withdrawQueued(database.db, 24, 'no_leader', 2001)).toBe(false);
	});

	it('settles a row answered before it was marked sent and keeps the reply for the waiting replica', async () => {
		await queue(25);
		await claimWithEvent(database.db, 25, 'term-a', eventFor('fast'), 2000);
		const reply = buildMessage({ variant: 'dispute', action: 'admin-took-dispute', requestId: 25, id: DISPUTE });
		await database.db.transaction().execute(async (tx) => {
			expect(await settleJournalEntry(tx, 25, 'acknowledged', 'admin-took-dispute', 2100)).toBe(true);
			await storeReply(tx, 25, reply);
		});
		// The late move to sent changes nothing; a no-answer never overwrites the answer.
		expect(await markHandedOffSent(database.db, 25, 'term-a', 2200)).toBe(false);
		expect(await settleJournalEntry(database.db, 25, 'no-answer', null, 2300)).toBe(false);
		const row = (await getJournalEntry(database.db, 25))!;
		expect(row.state).toBe('acknowledged');
		expect(readReply(row)?.kind).toMatchObject({ action: 'admin-took-dispute', request_id: 25 });
	});
});
