// What a replica accepts from the LISTEN channel: only payloads of the topic's shape, and a
// notice only to the one user it was addressed to.
import { describe, expect, it } from 'vitest';
import { LiveHub, type LiveMessage } from '../../../../src/lib/server/live/hub.ts';
import { parseEnvelope, republish } from '../../../../src/lib/server/live/pg-fanout.ts';

function received(payload: unknown): LiveMessage[] {
	const hub = new LiveHub();
	const seen: LiveMessage[] = [];
	hub.subscribe((message) => seen.push(message));
	const envelope = parseEnvelope(JSON.stringify(payload));
	if (envelope) republish(hub, envelope.event, envelope.audience);
	return seen;
}

describe('live fan-out envelopes', () => {
	it('republishes a dispute change as a broadcast', () => {
		const [message] = received({ origin: 'a', topic: 'dispute', data: { id: 'd1', change: 'taken' }, audience: null });
		expect(message).toMatchObject({ topic: 'dispute', data: { id: 'd1', change: 'taken' }, audience: null });
	});

	it('keeps a notice for its one user, and drops a notice without one', () => {
		expect(received({ origin: 'a', topic: 'notice', data: { disputeId: 'd1' }, audience: 7 })).toMatchObject([{ topic: 'notice', audience: 7 }]);
		expect(received({ origin: 'a', topic: 'notice', data: { disputeId: 'd1' }, audience: null })).toEqual([]);
	});

	it('drops an unknown topic or a payload of the wrong shape', () => {
		expect(received({ origin: 'a', topic: 'secrets', data: {}, audience: null })).toEqual([]);
		expect(received({ origin: 'a', topic: 'dispute', data: { id: 'd1', change: 'stolen' }, audience: null })).toEqual([]);
		expect(parseEnvelope('not json')).toBeNull();
	});
});
