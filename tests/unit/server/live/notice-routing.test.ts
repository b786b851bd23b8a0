// Messages addressed to one user (notices) reach only that user's streams, live and when a
// reconnecting browser replays what it missed; broadcast topics reach everyone. The domain
// event NoticeForUser is what turns into such a message.
import { describe, expect, it } from 'vitest';
import { LiveHub } from '../../../../src/lib/server/live/hub.ts';
import { liveStream } from '../../../../src/lib/server/live/sse.ts';
import { followForLiveHub } from '../../../../src/lib/server/live/live-subscriber.ts';
import { DomainEventBus } from '../../../../src/lib/server/domain-events/bus.ts';

const ALICE = 1;
const BOB = 2;

/** Opens a user's stream and returns a reader of everything it sent so far. */
function open(hub: LiveHub, userId: number, lastEventId: string | null = null) {
	const abort = new AbortController();
	const reader = liveStream(hub, userId, lastEventId, abort.signal).body!.getReader();
	const decoder = new TextDecoder();
	let text = '';
	const pump = (async () => {
		for (;;) {
			const chunk = await reader.read();
			if (chunk.done) return;
			text += decoder.decode(chunk.value);
		}
	})();
	return {
		events: async () => {
			await new Promise((resolve) => setTimeout(resolve, 20));
			return [...text.matchAll(/event: (\w+)\ndata: (.*)\n/g)].map((m) => ({ topic: m[1], data: JSON.parse(m[2] ?? '{}') as unknown }));
		},
		close: async () => {
			abort.abort();
			await pump.catch(() => undefined);
		}
	};
}

describe('per-user live messages', () => {
	it("never gives user A user B's notice, live", async () => {
		const hub = new LiveHub();
		const alice = open(hub, ALICE);
		const bob = open(hub, BOB);
		hub.publishTo(BOB, 'notice', { disputeId: 'd-1' });
		hub.publish('dispute', { id: 'd-1', change: 'taken' });
		expect(await alice.events()).toEqual([{ topic: 'dispute', data: { id: 'd-1', change: 'taken' } }]);
		expect(await bob.events()).toEqual([
			{ topic: 'notice', data: { disputeId: 'd-1' } },
			{ topic: 'dispute', data: { id: 'd-1', change: 'taken' } }
		]);
		await alice.close();
		await bob.close();
	});

	it("never replays user B's notice to user A after a reconnect", async () => {
		const hub = new LiveHub();
		const first = hub.publish('health', {});
		hub.publishTo(BOB, 'notice', { disputeId: null });
		hub.publish('order', { id: 'o-1', status: 'active' });
		const alice = open(hub, ALICE, first.id);
		const bob = open(hub, BOB, first.id);
		expect((await alice.events()).map((e) => e.topic)).toEqual(['order']);
		expect((await bob.events()).map((e) => e.topic)).toEqual(['notice', 'order']);
		await alice.close();
		await bob.close();
	});

	it('sends a NoticeForUser domain event to that user only', async () => {
		const hub = new LiveHub();
		const events = new DomainEventBus();
		followForLiveHub(events, hub);
		const alice = open(hub, ALICE);
		const bob = open(hub, BOB);
		events.deliver([{ type: 'NoticeForUser', userId: ALICE, disputeId: 'd-2' }]);
		expect(await alice.events()).toEqual([{ topic: 'notice', data: { disputeId: 'd-2' } }]);
		expect(await bob.events()).toEqual([]);
		await alice.close();
		await bob.close();
	});
});
