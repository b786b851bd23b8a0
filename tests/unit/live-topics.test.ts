// The browser's parsing of live messages with the shared topic types: known shapes pass,
// a payload of the wrong shape or an unknown topic is dropped, never half-read.
import { describe, expect, it } from 'vitest';
import { disputeIdOf, parseLiveEvent } from '../../src/lib/live-topics.ts';

describe('parseLiveEvent', () => {
	it('reads each topic it knows', () => {
		expect(parseLiveEvent('dispute', '{"id":"d1","change":"revised","status":"initiated","initiator":"buyer","isNew":true}')).toEqual({
			topic: 'dispute',
			data: { id: 'd1', change: 'revised', status: 'initiated', initiator: 'buyer', isNew: true }
		});
		expect(parseLiveEvent('dispute', '{"id":"d1","change":"taken"}')).toEqual({ topic: 'dispute', data: { id: 'd1', change: 'taken' } });
		expect(parseLiveEvent('chat', '{"disputeId":"d1","party":"seller","direction":"in"}')).toEqual({ topic: 'chat', data: { disputeId: 'd1', party: 'seller', direction: 'in' } });
		expect(parseLiveEvent('instance', '{"protocolVersion":2,"pow":0,"maintenance":false}')).toEqual({ topic: 'instance', data: { protocolVersion: 2, pow: 0, maintenance: false } });
		expect(parseLiveEvent('notice', '{"disputeId":null}')).toEqual({ topic: 'notice', data: { disputeId: null } });
		expect(parseLiveEvent('reset', '{}')).toEqual({ topic: 'reset', data: {} });
		expect(parseLiveEvent('review', '{"disputeId":"d1","change":"withdrawn"}')).toEqual({ topic: 'review', data: { disputeId: 'd1', change: 'withdrawn' } });
		expect(parseLiveEvent('dispute', '{"id":"d1","change":"proposal-withdrawn"}')).toEqual({ topic: 'dispute', data: { id: 'd1', change: 'proposal-withdrawn' } });
	});

	it('drops unknown topics and payloads of the wrong shape', () => {
		expect(parseLiveEvent('secrets', '{}')).toBeNull();
		expect(parseLiveEvent('dispute', '{"id":"d1","taken":true}')).toBeNull();
		// A chat message without its direction cannot tell a party's reply from our own message.
		expect(parseLiveEvent('chat', '{"disputeId":"d1","party":"seller"}')).toBeNull();
		expect(parseLiveEvent('dispute', '{"id":"d1","change":"revised"}')).toBeNull();
		expect(parseLiveEvent('chat', '{"disputeId":"d1","party":"judge"}')).toBeNull();
		expect(parseLiveEvent('order', 'not json')).toBeNull();
		expect(parseLiveEvent('order', '[1]')).toBeNull();
		expect(parseLiveEvent('review', '{"disputeId":"d1","change":"forgotten"}')).toBeNull();
		expect(parseLiveEvent('review', '{"change":"proposed"}')).toBeNull();
	});

	it('names the dispute a message is about', () => {
		const chat = parseLiveEvent('chat', '{"disputeId":"d2","party":"buyer","direction":"out"}');
		const order = parseLiveEvent('order', '{"id":"o1","status":"active"}');
		expect(chat && disputeIdOf(chat)).toBe('d2');
		expect(order && disputeIdOf(order)).toBeNull();
	});
});
