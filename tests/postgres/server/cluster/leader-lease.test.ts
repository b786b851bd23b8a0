// One engine leader at a time on a real PostgreSQL: of two replicas' leases exactly one leads;
// when the leader's lock connection is cut (as when its process is killed) the leader stops
// leading and the other takes over within 10 s; a stopped lease hands over too.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { LeaderLease } from '../../../../src/lib/server/cluster/leader-lease.ts';
import { createPostgresDatabase, testPostgresUrl } from '../../../helpers/test-db.ts';
import { waitFor } from '../../../helpers/wait-for.ts';

async function freshDatabase(): Promise<string> {
	const server = testPostgresUrl();
	if (!server) throw new Error('MEDIATOR_DATABASE_URL is not set: run these tests with npm run test:pg');
	return createPostgresDatabase(server);
}

function lease(url: string, events: string[], name: string) {
	return new LeaderLease(url, { intervalMs: 200, onAcquired: () => void events.push(`${name}+`), onLost: () => void events.push(`${name}-`) });
}

describe('engine leader lease (PostgreSQL)', () => {
	it('lets exactly one replica lead, and the other take over within 10 s when the leader connection drops', async () => {
		const url = await freshDatabase();
		const events: string[] = [];
		const a = lease(url, events, 'a');
		const b = lease(url, events, 'b');
		a.start();
		await waitFor(() => a.isLeader, 'a leading');
		b.start();
		await new Promise((resolve) => setTimeout(resolve, 600));
		expect([a.isLeader, b.isLeader]).toEqual([true, false]);

		const pid = await a.backendPid();
		const admin = new pg.Client({ connectionString: url });
		await admin.connect();
		const cutAt = Date.now();
		await admin.query('SELECT pg_terminate_backend($1)', [pid]);
		await admin.end();
		await waitFor(() => b.isLeader, 'b taking over', 10_000);
		expect(Date.now() - cutAt).toBeLessThan(10_000);
		await waitFor(() => events.includes('a-'), 'a giving up');
		expect(a.isLeader).toBe(false);

		await b.stop();
		await waitFor(() => a.isLeader, 'a leading again after b stopped', 10_000);
		await a.stop();
		// a's session ended before b could take the lock; a notices on its next check (either order locally).
		expect(events[0]).toBe('a+');
		expect(new Set(events.slice(1, 3))).toEqual(new Set(['a-', 'b+']));
		expect(events.slice(3)).toEqual(['b-', 'a+', 'a-']);
	});
});
