// Private case notes (issue 17): checked input, written with their audit entry (the text in the
// details, as decision justifications are), mediators and operators only, and found by the
// board's search with the search text taken literally (no LIKE wildcards).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { addCaseNote, containsPattern, listCaseNotes, parseCaseNoteInput } from '../../../../src/lib/server/case-notes/case-notes.ts';
import { listBoard, parseBoardQuery } from '../../../../src/lib/server/cases/board-query.ts';
import { DomainEventBus } from '../../../../src/lib/server/domain-events/bus.ts';
import { personActor, type PersonActor } from '../../../../src/lib/server/auth/actor.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { LiveHub } from '../../../../src/lib/server/live/hub.ts';
import { followForLiveHub } from '../../../../src/lib/server/live/live-subscriber.ts';

const A = '3f1c2a9e-5b7d-4e21-9c0a-7d2e8f4b6a11';
const B = '9a7b2c1d-0e3f-4a5b-8c6d-1e2f3a4b5c6d';
let database: OpenDatabase;
let services: { db: OpenDatabase['db']; events: DomainEventBus };
let mediator: PersonActor;
let auditor: PersonActor;

async function addDispute(id: string) {
	await database.db.insertInto('disputes').values({ id, status: 'in-progress', initiator: 'buyer', opened_at: 1, first_seen_at: 1, revision_at: 1, revision_event_id: id, holder_user_id: null, updated_at: 1 }).execute();
}

beforeEach(async () => {
	database = openTestDatabase();
	services = { db: database.db, events: new DomainEventBus() };
	mediator = personActor({ id: await insertUser(database.db, { name: 'mara', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0), name: 'mara', role: 'mediator' });
	auditor = personActor({ id: await insertUser(database.db, { name: 'otto', role: 'auditor', passwordHash: 'x', mustChangePassword: false }, 0), name: 'otto', role: 'auditor' });
	await addDispute(A);
	await addDispute(B);
});
afterEach(() => database.close());

describe('case notes', () => {
	it('parses the form: trimmed, never empty, bounded', () => {
		expect(parseCaseNoteInput({ body: '  seller sent a fake receipt \r\n' })).toEqual({ body: 'seller sent a fake receipt' });
		expect(() => parseCaseNoteInput({ body: '   ' })).toThrow(expect.objectContaining({ messageKey: 'notes.error.empty', field: 'body' }));
		expect(() => parseCaseNoteInput({})).toThrow(expect.objectContaining({ messageKey: 'notes.error.empty' }));
		expect(() => parseCaseNoteInput({ body: 'x'.repeat(4001) })).toThrow(expect.objectContaining({ messageKey: 'notes.error.too_long' }));
	});

	it('writes a note with its audit entry and lists it with the author', async () => {
		const id = await addCaseNote(services, mediator, A, { body: 'Buyer is in Caracas; bank holiday today' }, 1_000);
		expect(await listCaseNotes(database.db, A)).toEqual([{ id, disputeId: A, authorUserId: mediator.userId, authorName: 'mara', body: 'Buyer is in Caracas; bank holiday today', at: 1_000 }]);
		const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'case_note.added').executeTakeFirstOrThrow();
		expect(audit.subject).toBe(`dispute:${A}`);
		expect(JSON.parse(audit.details)).toEqual({ noteId: id, length: 39, text: 'Buyer is in Caracas; bank holiday today' });
	});

	it('tells the live hub after the commit (CaseNoteAdded → a dispute change on its topic), and nothing when refused', async () => {
		const live = new LiveHub();
		followForLiveHub(services.events, live);
		const seen: unknown[] = [];
		const stop = live.subscribe((message) => void seen.push(message));
		const events: unknown[] = [];
		services.events.on('CaseNoteAdded', (event) => void events.push(event));
		const id = await addCaseNote(services, mediator, A, { body: 'Seller is travelling' });
		await expect(addCaseNote(services, auditor, B, { body: 'x' })).rejects.toMatchObject({ code: 'not_authorized' });
		expect(events).toEqual([{ type: 'CaseNoteAdded', disputeId: A, noteId: id }]);
		expect(seen).toEqual([expect.objectContaining({ topic: 'dispute', data: { id: A, change: 'note' } })]);
		stop();
	});

	it('refuses auditors and unknown disputes, writing nothing', async () => {
		await expect(addCaseNote(services, auditor, A, { body: 'hello' })).rejects.toMatchObject({ code: 'not_authorized' });
		await expect(addCaseNote(services, mediator, 'no-such-dispute', { body: 'hello' })).rejects.toMatchObject({ code: 'not_found' });
		expect(await database.db.selectFrom('case_notes').selectAll().execute()).toEqual([]);
		expect(await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'case_note.added').execute()).toEqual([]);
	});

	it('is found by the board search, any case, with wildcards taken literally', async () => {
		await addCaseNote(services, mediator, A, { body: 'Seller promised a refund of 100% by Friday' });
		await addCaseNote(services, mediator, B, { body: 'nothing_special here' });
		const search = async (q: string) => (await listBoard(database.db, parseBoardQuery(new URLSearchParams({ q })), mediator.userId)).rows.map((row) => row.id);
		expect(await search('promised a REFUND')).toEqual([A]);
		expect(await search('100%')).toEqual([A]);
		expect(await search('%')).toEqual([A]);
		expect(await search('l_r')).toEqual([]); // a wildcard would match "Seller"
		expect(await search('_')).toEqual([B]);
		expect(await search('caracas')).toEqual([]);
		expect(containsPattern('a%b_c\\')).toBe('%a\\%b\\_c\\\\%');
	});
});
