// Chat recovery (PROTOCOL.md §5.3–5.4): pages backwards by author past a relay cap, coalesces
// full runs asked while one is queued, and re-reads an author the live limit refused, later and
// from before the first refused event.
import { describe, expect, it } from 'vitest';
import { ChatRecovery } from '../../../../../src/lib/server/mostro/dispute-chat/chat-recovery.ts';
import type { QueryResult } from '../../../../../src/lib/server/relays/relay-connection.ts';

const AUTHOR = 'a'.repeat(64);

/** A relay holding `count` events of AUTHOR (created_at 1000 + i) that answers at most `cap`, newest first. */
function relay(count: number, cap: number) {
	const events = Array.from({ length: count }, (_, i) => ({ id: `e${i}`, pubkey: AUTHOR, created_at: 1000 + i }));
	const filters: Record<string, unknown>[] = [];
	const query = async (asked: Record<string, unknown>[]): Promise<QueryResult[]> => {
		const filter = asked[0] as { since: number; until?: number };
		filters.push(filter);
		const matching = events
			.filter((e) => e.created_at >= filter.since && (filter.until === undefined || e.created_at <= filter.until))
			.reverse()
			.slice(0, cap);
		return [{ relay: 'r', events: matching, complete: true, error: null }];
	};
	return { query, filters };
}

describe('chat recovery', () => {
	it('pages backwards until the history is complete', async () => {
		const r = relay(250, 100);
		const delivered = new Set<string>();
		const recovery = new ChatRecovery({ query: r.query, deliver: (e) => delivered.add((e as { id: string }).id) });
		recovery.recoverAll(
			() => [AUTHOR],
			() => 0
		);
		await recovery.settled();
		expect(delivered.size).toBe(250);
		expect(r.filters[0]).toEqual({ kinds: [14], authors: [AUTHOR], since: 0 });
		expect(r.filters[1]?.until).toBe(1150);
	});

	it('coalesces full runs asked while one is queued', async () => {
		const r = relay(5, 100);
		const recovery = new ChatRecovery({ query: r.query, deliver: () => undefined });
		recovery.recoverAll(
			() => [AUTHOR],
			() => 0
		);
		recovery.recoverAll(
			() => [AUTHOR],
			() => 0
		);
		recovery.recoverAll(
			() => [AUTHOR],
			() => 0
		);
		await recovery.settled();
		// One run: a page with five events, then a page with nothing new.
		expect(r.filters).toHaveLength(2);
	});

	it('re-reads a refused author once, after the delay, from before the first refused event', async () => {
		const r = relay(10, 100);
		const delivered: string[] = [];
		const recovery = new ChatRecovery({ query: r.query, deliver: (e) => delivered.push((e as { id: string }).id) }, 20);
		recovery.deferAuthor(AUTHOR, 1005);
		recovery.deferAuthor(AUTHOR, 1003);
		expect(r.filters).toHaveLength(0);
		await new Promise((resolve) => setTimeout(resolve, 60));
		await recovery.settled();
		expect(r.filters[0]).toMatchObject({ authors: [AUTHOR], since: 1003 - 120 });
		expect(delivered).toHaveLength(10);
		recovery.stop();
	});
	it('asks for the next page only once the receiver has room (back-pressure)', async () => {
		const r = relay(250, 100);
		let pending = 0;
		let release: (() => void) | null = null;
		const recovery = new ChatRecovery({
			query: r.query,
			deliver: () => (pending += 1),
			room: () => new Promise<void>((resolve) => (release = resolve))
		});
		recovery.recoverAll(
			() => [AUTHOR],
			() => 0
		);
		await new Promise((resolve) => setTimeout(resolve, 20));
		// The first page was delivered; the second is not asked for while the receiver is full.
		expect(r.filters).toHaveLength(1);
		expect(pending).toBe(100);
		for (let turn = 0; turn < 5 && release; turn += 1) {
			const go: () => void = release;
			release = null;
			pending = 0;
			go();
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		await recovery.settled();
		expect(r.filters.length).toBeGreaterThanOrEqual(3);
	});
});
