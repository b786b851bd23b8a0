// Evidence fetch against a relay that answers at most `cap` events per filter, newest first
// (as public relays do): a flood of newer events on the conversation's p tag must not hide the
// conversation (issue 18 defect 1, evidence fetch).
import { describe, expect, it } from 'vitest';
import { fetchEvidenceEvents, type RelayQuery } from '../../../../src/lib/server/evidence/relay-fetch.ts';
import type { QueryResult } from '../../../../src/lib/server/relays/relay-connection.ts';

interface StoredEvent {
	id: string;
	kind: number;
	pubkey: string;
	created_at: number;
	tags: string[][];
}

const CONV = 'c'.repeat(64);

function cappedRelay(events: StoredEvent[], cap: number): RelayQuery & { queries: number } {
	const relay = {
		queries: 0,
		async query(filters: Record<string, unknown>[]): Promise<QueryResult[]> {
			relay.queries += 1;
			const f = filters[0] as { kinds?: number[]; '#p'?: string[]; since?: number; until?: number; limit?: number };
			const matching = events
				.filter((e) => (!f.kinds || f.kinds.includes(e.kind)) && (!f['#p'] || e.tags.some((t) => t[0] === 'p' && f['#p']!.includes(t[1]!))))
				.filter((e) => (f.since === undefined || e.created_at >= f.since) && (f.until === undefined || e.created_at <= f.until))
				.sort((a, b) => b.created_at - a.created_at || a.id.localeCompare(b.id));
			return [{ relay: 'wss://capped.example', events: matching.slice(0, Math.min(cap, f.limit ?? cap)), complete: true, error: null }];
		}
	};
	return relay;
}

const event = (n: number, at: number, author = 'a'.repeat(64)): StoredEvent => ({ id: n.toString(16).padStart(64, '0'), kind: 14, pubkey: author, created_at: at, tags: [['p', CONV]] });
const filter = { kinds: [14], '#p': [CONV], since: 900 };

describe('fetchEvidenceEvents behind a flooded conversation tag', () => {
	it('reaches the genuine messages under 250 newer junk events on a relay answering 10 per filter', async () => {
		const genuine = [event(1, 1000, 'b'.repeat(64)), event(2, 1001, 'b'.repeat(64))];
		const junk = Array.from({ length: 250 }, (_, i) => event(100 + i, 2000 + i));
		const report = await fetchEvidenceEvents(cappedRelay([...genuine, ...junk], 10), [filter]);
		const ids = [...report.events.values()].map((e) => (e.event as StoredEvent).id);
		expect(ids).toContain(genuine[0]!.id);
		expect(ids).toContain(genuine[1]!.id);
		expect(report.events.size).toBe(252);
	});

	it('steps past a second filled with more junk than the relay answers, to the older messages', async () => {
		const genuine = event(1, 1000, 'b'.repeat(64));
		const sameSecond = Array.from({ length: 40 }, (_, i) => event(100 + i, 5000));
		const report = await fetchEvidenceEvents(cappedRelay([genuine, ...sameSecond], 10), [filter]);
		const ids = [...report.events.values()].map((e) => (e.event as StoredEvent).id);
		expect(ids).toContain(genuine.id);
	});

	it('ends on a complete history with one extra query and respects its page bound', async () => {
		const few = [event(1, 1000), event(2, 1001), event(3, 1002)];
		const relay = cappedRelay(few, 10);
		const report = await fetchEvidenceEvents(relay, [filter]);
		expect(report.events.size).toBe(3);
		expect(relay.queries).toBeLessThanOrEqual(3);
		const bounded = cappedRelay(
			Array.from({ length: 100 }, (_, i) => event(i + 1, 1000 + i)),
			5
		);
		await fetchEvidenceEvents(bounded, [filter], undefined, { maxPages: 4 });
		expect(bounded.queries).toBe(4);
	});
});
