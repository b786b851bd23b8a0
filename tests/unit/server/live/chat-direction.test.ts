// A stored chat message reaches the browsers with its direction, so a page can tell a party's
// reply (which raises an alert for the holder) from a message the console sent.
import { describe, expect, it } from 'vitest';
import { LiveHub } from '../../../../src/lib/server/live/hub.ts';
import { followForLiveHub } from '../../../../src/lib/server/live/live-subscriber.ts';
import { DomainEventBus } from '../../../../src/lib/server/domain-events/bus.ts';
import { parseLiveEvent } from '../../../../src/lib/live-topics.ts';

describe('the chat live topic', () => {
	it('carries the direction of ChatMessageStored and the browser parses it', () => {
		const hub = new LiveHub();
		const events = new DomainEventBus();
		followForLiveHub(events, hub);
		const published: Array<{ topic: string; data: unknown }> = [];
		const original = hub.publish.bind(hub);
		hub.publish = ((topic, data) => {
			published.push({ topic, data });
			return original(topic, data);
		}) as typeof hub.publish;
		events.deliver([
			{ type: 'ChatMessageStored', disputeId: 'd-1', party: 'seller', direction: 'in' },
			{ type: 'ChatMessageStored', disputeId: 'd-1', party: 'buyer', direction: 'out' }
		]);
		expect(published).toEqual([
			{ topic: 'chat', data: { disputeId: 'd-1', party: 'seller', direction: 'in' } },
			{ topic: 'chat', data: { disputeId: 'd-1', party: 'buyer', direction: 'out' } }
		]);
		expect(parseLiveEvent('chat', JSON.stringify(published[0]!.data))).toEqual({ topic: 'chat', data: { disputeId: 'd-1', party: 'seller', direction: 'in' } });
	});
});
