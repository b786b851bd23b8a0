// Who sent our side of a dispute chat (chat-view.ts): the viewer's own messages read "You", a
// colleague's carry the colleague's name, one sent outside the console carries none.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../../src/lib/server/db/index.ts';
import type { MostroServices } from '../../../../../src/lib/server/mostro/services.ts';
import { loadChat } from '../../../../../src/lib/server/mostro/dispute-chat/chat-view.ts';
import { insertUser } from '../../../../../src/lib/server/users/repository.ts';
import { openTestDatabase } from '../../../../helpers/test-db.ts';

let database: OpenDatabase;
let ana: number;
let bea: number;

async function message(id: string, direction: 'in' | 'out', sentBy: number | null, at: number) {
	await database.db
		.insertInto('chat_messages')
		.values({
			dispute_id: 'd-1',
			party: 'buyer',
			direction,
			inner_id: id,
			outer_id: `o-${id}`,
			generation: 'current',
			author_pubkey: 'a'.repeat(64),
			content: id,
			attachment: null,
			sent_at: at,
			received_at: at,
			read_at: at,
			sent_by_user_id: sentBy
		})
		.execute();
}

beforeEach(async () => {
	database = openTestDatabase();
	ana = await insertUser(database.db, { name: 'ana', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	bea = await insertUser(database.db, { name: 'bea', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, 0);
	await database.db.insertInto('disputes').values({ id: 'd-1', status: 'in-progress', initiator: 'buyer', opened_at: 1, first_seen_at: 1, revision_at: 1, revision_event_id: 'd-1', holder_user_id: bea, updated_at: 1 }).execute();
	await message('from-ana', 'out', ana, 1);
	await message('from-bea', 'out', bea, 2);
	await message('from-outside', 'out', null, 3);
	await message('from-buyer', 'in', null, 4);
});
afterEach(() => database.close());

describe('chat senders', () => {
	it('labels each outgoing message with its sender, mine only for the viewer', async () => {
		const services = { db: database.db, archive: { status: async () => new Map() }, chat: { channel: async () => null, rateLimitedCount: () => 0, junkCount: () => 0 } } as unknown as MostroServices;
		const { buyer } = await loadChat(services, 'd-1', ana, bea);
		expect(buyer.messages.map((m) => [m.text, m.sender])).toEqual([
			['from-ana', { mine: true, name: 'ana' }],
			['from-bea', { mine: false, name: 'bea' }],
			['from-outside', { mine: false, name: null }],
			['from-buyer', null]
		]);
	});
});
