// QueryTurns: at most `limit` one-shot queries run at once on a connection, the rest in order.
import { describe, expect, it } from 'vitest';
import { QueryTurns } from '../../../../src/lib/server/relays/query-turns.ts';

describe('QueryTurns', () => {
	it('lets `limit` run at once and the others in arrival order as each ends', async () => {
		const turns = new QueryTurns(2);
		const started: number[] = [];
		const runs = [0, 1, 2, 3].map((i) => turns.take().then(() => started.push(i)));
		await Promise.resolve();
		await Promise.resolve();
		expect(started).toEqual([0, 1]);
		turns.done();
		await runs[2];
		expect(started).toEqual([0, 1, 2]);
		turns.done();
		turns.done();
		await runs[3];
		expect(started).toEqual([0, 1, 2, 3]);
		turns.done();
		await turns.take();
		expect(true).toBe(true);
	});
});
