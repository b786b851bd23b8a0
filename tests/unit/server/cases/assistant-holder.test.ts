// The outside holder of a dispute and the assistant's messages (UPSTREAM-0.19.md §8): never a
// console user's key, never over a console holder, "assistant" only for the key in force and an
// in-progress dispute, the same text to two of our keys kept once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { disputesHeldByAssistant, forgetOutsideHolder, getOutsideHolder, recordOutsideHolder } from '../../../../src/lib/server/cases/assistant-holder.ts';
import { insertAssistantMessage, listAssistantMessages } from '../../../../src/lib/server/cases/assistant-messages.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { parseAssistantDmText } from '../../../../src/lib/protocol/actions/assistant-dm.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';

const ASSISTANT = 'a'.repeat(64);
const OURS = 'b'.repeat(64);
const ID = '3f1c2a9e-5b7d-4e21-9c0a-7d2e8f4b6a11';
let database: OpenDatabase;
let me: number;

async function addDispute(id: string, status: string, holder: number | null = null) {
	await database.db.insertInto('disputes').values({ id, status, initiator: 'buyer', opened_at: 1, first_seen_at: 1, revision_at: 1, revision_event_id: id, holder_user_id: holder, updated_at: 1 }).execute();
}

beforeEach(async () => {
	database = openTestDatabase();
	me = await insertUser(database.db, { name: 'me', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	await database.db
		.insertInto('solver_keys')
		.values({ user_id: me, pubkey: OURS, secret_sealed: 'x', origin: 'generated', created_at: 0, created_by: null, permission: 'read-write', registration_state: null, registered_at: null, registered_by: null })
		.execute();
});
afterEach(() => database.close());

describe('outside holder', () => {
	it('is kept for an in-progress dispute without a console holder and shown as the assistant', async () => {
		await addDispute(ID, 'in-progress');
		expect(await recordOutsideHolder(database.db, ID, ASSISTANT, 'assistant_message', 5)).toBe(true);
		expect(await getOutsideHolder(database.db, ID)).toEqual({ pubkey: ASSISTANT, source: 'assistant_message', learnedAt: 5 });
		expect([...(await disputesHeldByAssistant(database.db, ASSISTANT, [ID]))]).toEqual([ID]);
		expect((await disputesHeldByAssistant(database.db, 'c'.repeat(64), [ID])).size).toBe(0);
		expect((await disputesHeldByAssistant(database.db, null, [ID])).size).toBe(0);
		await forgetOutsideHolder(database.db, ID);
		expect(await getOutsideHolder(database.db, ID)).toBeNull();
	});

	it('is not the assistant once the dispute is closed', async () => {
		await addDispute(ID, 'settled');
		await recordOutsideHolder(database.db, ID, ASSISTANT, 'assistant_message', 5);
		expect((await disputesHeldByAssistant(database.db, ASSISTANT, null)).size).toBe(0);
	});

	it('never records a console user’s key, nor over a console holder', async () => {
		await addDispute(ID, 'in-progress');
		expect(await recordOutsideHolder(database.db, ID, OURS, 'assistant_message', 5)).toBe(false);
		await addDispute('d-held', 'in-progress', me);
		expect(await recordOutsideHolder(database.db, 'd-held', ASSISTANT, 'assistant_message', 5)).toBe(false);
		expect(await getOutsideHolder(database.db, 'd-held')).toBeNull();
	});
});

describe('assistant messages', () => {
	it('keeps the same text sent to two of our keys once, oldest first', async () => {
		const dm = parseAssistantDmText(`Dispute ${ID} · new\nopened`);
		const later = parseAssistantDmText(`Dispute ${ID} · taken by Serbero`);
		if (!dm || !later) throw new Error('vectors');
		expect(await insertAssistantMessage(database.db, { eventId: 'e2', senderPubkey: ASSISTANT, recipientPubkey: OURS, sentAt: 20, dm: later }, 1)).toBe(true);
		expect(await insertAssistantMessage(database.db, { eventId: 'e1', senderPubkey: ASSISTANT, recipientPubkey: OURS, sentAt: 10, dm }, 1)).toBe(true);
		expect(await insertAssistantMessage(database.db, { eventId: 'e1-other-key', senderPubkey: ASSISTANT, recipientPubkey: 'd'.repeat(64), sentAt: 10, dm }, 1)).toBe(false);
		expect(await insertAssistantMessage(database.db, { eventId: 'e1', senderPubkey: ASSISTANT, recipientPubkey: OURS, sentAt: 10, dm }, 1)).toBe(false);
		expect((await listAssistantMessages(database.db, ID)).map((m) => [m.kind, m.subject, m.body])).toEqual([
			['new', 'new', 'opened'],
			['taken', 'taken by Serbero', '']
		]);
	});
});
