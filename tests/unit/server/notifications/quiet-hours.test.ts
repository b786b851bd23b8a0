import { describe, expect, it } from 'vitest';
import { isQuietAt, parseClockTime, quietEndsAt } from '../../../../src/lib/server/notifications/quiet-hours.ts';

const at = (hh: number, mm = 0) => Date.UTC(2026, 0, 5, hh, mm);

describe('quiet hours', () => {
	it.each([
		[{ startMin: 22 * 60, endMin: 7 * 60 }, at(23), true],
		[{ startMin: 22 * 60, endMin: 7 * 60 }, at(3), true],
		[{ startMin: 22 * 60, endMin: 7 * 60 }, at(7), false],
		[{ startMin: 22 * 60, endMin: 7 * 60 }, at(12), false],
		[{ startMin: 9 * 60, endMin: 17 * 60 }, at(9), true],
		[{ startMin: 9 * 60, endMin: 17 * 60 }, at(17), false],
		[{ startMin: 9 * 60, endMin: 9 * 60 }, at(9), false],
		[null, at(3), false]
	])('%o at %i → %s', (quiet, now, expected) => expect(isQuietAt(quiet, now)).toBe(expected));

	it('ends at the next end time, across midnight', () => {
		expect(quietEndsAt({ startMin: 22 * 60, endMin: 7 * 60 }, at(23))).toBe(Date.UTC(2026, 0, 6, 7));
		expect(quietEndsAt({ startMin: 22 * 60, endMin: 7 * 60 }, at(3))).toBe(at(7));
	});

	it.each([
		['07:30', 450],
		['23:59', 1439],
		['24:00', null],
		['7:30', null],
		['', null],
		[3, null]
	])('reads %o as %o', (text, expected) => expect(parseClockTime(text)).toBe(expected));
});
