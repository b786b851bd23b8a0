// Who closed a dispute, from its 38386 status (UPSTREAM-0.19.md §5).
import { describe, expect, it } from 'vitest';
import { disputeOutcome } from '../../../../src/lib/protocol/events/dispute-event.ts';

describe('disputeOutcome', () => {
	it('separates party closes from solver decisions', () => {
		expect(disputeOutcome('released')).toBe('closed-by-parties');
		expect(disputeOutcome('cooperatively-canceled')).toBe('closed-by-parties');
		expect(disputeOutcome('settled')).toBe('decided');
		expect(disputeOutcome('seller-refunded')).toBe('decided');
	});
	it('open statuses are open; unknown terminal values are other', () => {
		expect(disputeOutcome('initiated')).toBe('open');
		expect(disputeOutcome('in-progress')).toBe('open');
		expect(disputeOutcome('something-new')).toBe('other');
	});
});
