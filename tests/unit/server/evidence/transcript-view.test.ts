// The transcript is ordered by validated inner time, and a silence of six hours or more before a
// message is flagged for the mediator (shorter pauses are not).
import { describe, expect, it } from 'vitest';
import { LONG_SILENCE_SECS, orderTranscript } from '../../../../src/lib/server/evidence/transcript-view.ts';

const at = (id: number, innerAt: number) => ({ id, innerAt, silenceBefore: -1, longSilence: true });

describe('orderTranscript', () => {
	it('sorts by inner time, then archive order, and flags long silences only', () => {
		const t0 = 1_760_000_000;
		const messages = [at(3, t0 + 60), at(1, t0), at(4, t0 + 60 + LONG_SILENCE_SECS), at(2, t0 + 60), at(5, t0 + 60 + LONG_SILENCE_SECS + LONG_SILENCE_SECS - 1)];
		orderTranscript(messages);
		expect(messages.map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
		expect(messages.map((m) => m.silenceBefore)).toEqual([0, 60, 0, LONG_SILENCE_SECS, LONG_SILENCE_SECS - 1]);
		expect(messages.map((m) => m.longSilence)).toEqual([false, false, false, true, false]);
	});
	it('leaves an empty transcript empty', () => {
		const none: ReturnType<typeof at>[] = [];
		orderTranscript(none);
		expect(none).toEqual([]);
	});
});
