// The domain event bus and `inTransaction`: events reach subscribers only after the commit
// (a subscriber reads the committed row, outside any transaction), a rollback drops them, and
// a failing subscriber is logged without breaking the command or the other subscribers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DomainEventBus } from '../../../../src/lib/server/domain-events/bus.ts';
import { inTransaction } from '../../../../src/lib/server/domain-events/in-transaction.ts';
import { log } from '../../../../src/lib/server/log.ts';
import { insertUser } from '../../../../src/lib/server/users/repository.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';

let database: OpenDatabase;

beforeEach(() => {
	database = openTestDatabase();
});
afterEach(async () => {
	vi.restoreAllMocks();
	await database.close();
});

const noticeRows = async () => (await database.db.selectFrom('user_notices').select('id').execute()).length;

async function insertNotice(tx: Parameters<Parameters<typeof inTransaction>[2]>[0], userId: number) {
	await tx.insertInto('user_notices').values({ user_id: userId, kind: 'test', dispute_id: null, details: '{}', created_at: Date.now() }).execute();
}

async function aUser(): Promise<number> {
	return insertUser(database.db, { name: `u${Math.random()}`, role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
}

describe('inTransaction', () => {
	it('delivers the events only after the transaction commits', async () => {
		const bus = new DomainEventBus();
		const userId = await aUser();
		const seen: Array<{ open: boolean; rows: number }> = [];
		bus.on('NoticeForUser', () => {
			seen.push({ open: database.raw.isTransaction, rows: Number((database.raw.prepare('SELECT count(*) AS n FROM user_notices').get() as { n: number }).n) });
		});
		await inTransaction(database.db, bus, async (tx, emit) => {
			emit({ type: 'NoticeForUser', userId, disputeId: null });
			await insertNotice(tx, userId);
			// Still inside: nothing has been delivered yet.
			expect(seen).toEqual([]);
		});
		expect(seen).toEqual([{ open: false, rows: 1 }]);
	});

	it('drops the events of a transaction that rolls back', async () => {
		const bus = new DomainEventBus();
		const userId = await aUser();
		const handler = vi.fn();
		bus.on('NoticeForUser', handler);
		await expect(
			inTransaction(database.db, bus, async (tx, emit) => {
				await insertNotice(tx, userId);
				emit({ type: 'NoticeForUser', userId, disputeId: null });
				throw new Error('refused');
			})
		).rejects.toThrow('refused');
		await bus.settled();
		expect(handler).not.toHaveBeenCalled();
		expect(await noticeRows()).toBe(0);
	});

	it('keeps the order of the emitted events and only calls subscribers of each type', async () => {
		const bus = new DomainEventBus();
		const order: string[] = [];
		bus.on('DecisionProposed', (event) => void order.push(`proposed ${event.decisionId}`));
		bus.on('DecisionReviewed', (event) => void order.push(`reviewed ${event.decisionId} ${event.approved}`));
		await inTransaction(database.db, bus, async (_tx, emit) => {
			emit({ type: 'DecisionProposed', disputeId: 'd', decisionId: 1 });
			emit({ type: 'DecisionReviewed', disputeId: 'd', decisionId: 1, approved: true });
			emit({ type: 'EscrowChecked', disputeId: 'd', state: 'accepted' });
		});
		expect(order).toEqual(['proposed 1', 'reviewed 1 true']);
	});
});

describe('DomainEventBus', () => {
	it('isolates a failing subscriber: the command succeeds, the others run, the failure is logged', async () => {
		const warn = vi.spyOn(log, 'warn').mockImplementation(() => undefined);
		const bus = new DomainEventBus();
		const reached: string[] = [];
		bus.on('SolverKeyChanged', () => {
			throw new Error('sync failure');
		});
		bus.on('SolverKeyChanged', async () => {
			throw new Error('async failure');
		});
		bus.on('SolverKeyChanged', () => void reached.push('sync'));
		bus.on('SolverKeyChanged', async () => void reached.push('async'));
		const result = await inTransaction(database.db, bus, async (_tx, emit) => {
			emit({ type: 'SolverKeyChanged', userId: 7 });
			return 'done';
		});
		expect(result).toBe('done');
		await bus.settled();
		expect(reached.sort()).toEqual(['async', 'sync']);
		expect(warn).toHaveBeenCalledTimes(2);
		expect(warn.mock.calls.map((call) => (call[1] as { error: string }).error).sort()).toEqual(['async failure', 'sync failure']);
	});

	it('stops calling a subscriber once it unsubscribes', () => {
		const bus = new DomainEventBus();
		const handler = vi.fn();
		const off = bus.on('AssistantMessageStored', handler);
		bus.deliver([{ type: 'AssistantMessageStored', disputeId: 'a' }]);
		off();
		bus.deliver([{ type: 'AssistantMessageStored', disputeId: 'b' }]);
		expect(handler).toHaveBeenCalledTimes(1);
	});
});
