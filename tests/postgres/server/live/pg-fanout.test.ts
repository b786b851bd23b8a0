// Live updates across replicas through LISTEN/NOTIFY on a real PostgreSQL: a message published on
// replica A's hub reaches a browser subscribed on replica B's hub within the 250 ms budget, once,
// and is not echoed back to A.
import { describe, expect, it } from 'vitest';
import { LiveHub, type LiveMessage } from '../../../../src/lib/server/live/hub.ts';
import { PostgresLiveFanout } from '../../../../src/lib/server/live/pg-fanout.ts';
import { createPostgresDatabase, testPostgresUrl } from '../../../helpers/test-db.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

describe('live fan-out across replicas (PostgreSQL)', () => {
	it('delivers A’s messages to B’s browsers within 250 ms, exactly once, without echo', async () => {
		const server = testPostgresUrl();
		if (!server) throw new Error('MEDIATOR_DATABASE_URL is not set: run these tests with npm run test:pg');
		const url = await createPostgresDatabase(server);
		const [hubA, hubB] = [new LiveHub(), new LiveHub()];
		const [fanA, fanB] = [new PostgresLiveFanout(hubA, url), new PostgresLiveFanout(hubB, url)];
		await Promise.all([fanA.start(), fanB.start()]);
		try {
			const onA: LiveMessage[] = [];
			const onB: Array<LiveMessage & { at: number }> = [];
			hubA.subscribe((message) => onA.push(message));
			hubB.subscribe((message) => onB.push({ ...message, at: Date.now() }));
			const latencies: number[] = [];
			for (let i = 0; i < 20; i++) {
				const sentAt = Date.now();
				hubA.publish('dispute', { id: `d-${i}`, change: 'revised', status: 'initiated', initiator: 'buyer', isNew: true });
				await waitFor(() => onB.find((m) => m.topic === 'dispute' && m.data.id === `d-${i}`), `d-${i} on B`, 2000, 2);
				latencies.push((onB.find((m) => m.topic === 'dispute' && m.data.id === `d-${i}`)?.at ?? Infinity) - sentAt);
			}
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(onB.map((m) => (m.topic === 'dispute' ? m.data.id : null))).toEqual(Array.from({ length: 20 }, (_, i) => `d-${i}`));
			expect(onA).toHaveLength(20);
			expect(Math.max(...latencies)).toBeLessThan(250);
		} finally {
			await Promise.all([fanA.stop(), fanB.stop()]);
		}
	});
});
