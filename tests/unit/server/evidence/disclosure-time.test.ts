// Disclosure times: empty means now, a time without a zone is UTC whatever the server's zone,
// a bare date is midnight UTC, zones are honoured, and malformed, impossible (30 February),
// pre-2020 or future times are refused.
import { describe, expect, it } from 'vitest';
import { parseDisclosureTime } from '../../../../src/lib/server/evidence/disclosure-time.ts';

const now = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('parseDisclosureTime', () => {
	it('empty or absent is "now"', () => {
		for (const v of [undefined, null, '']) expect(parseDisclosureTime(v, now)).toEqual({ ok: true, at: null });
	});
	it('reads a form value without a zone as UTC', () => {
		expect(parseDisclosureTime('2026-11-21T10:30', now)).toEqual({ ok: true, at: Date.UTC(2026, 10, 21, 10, 30) });
		expect(parseDisclosureTime('2026-11-21T10:30:15', now)).toEqual({ ok: true, at: Date.UTC(2026, 10, 21, 10, 30, 15) });
	});
	it('reads a bare date as midnight UTC', () => {
		expect(parseDisclosureTime('2026-11-20', now)).toEqual({ ok: true, at: Date.UTC(2026, 10, 20) });
	});
	it('refuses impossible calendar dates and times instead of rolling them over', () => {
		for (const v of ['2026-02-30T10:00Z', '2026-04-31', '2026-11-20T24:00', '2026-11-20T10:60', '2026-11-20T10:00:60', '2026-00-10', '2026-11-20T10:00+15:00']) {
			expect(parseDisclosureTime(v, now), v).toEqual({ ok: false });
		}
		expect(parseDisclosureTime('2024-02-29T12:00Z', now).ok).toBe(true);
		expect(parseDisclosureTime('2025-02-29T12:00Z', now).ok).toBe(false);
	});
	it('honours an explicit zone', () => {
		expect(parseDisclosureTime('2026-11-21T10:30:00Z', now)).toEqual({ ok: true, at: Date.UTC(2026, 10, 21, 10, 30) });
		expect(parseDisclosureTime('2026-11-21T07:30:00-03:00', now)).toEqual({ ok: true, at: Date.UTC(2026, 10, 21, 10, 30) });
	});
	it('refuses malformed, non-string, too old and future times', () => {
		for (const v of ['yesterday', '2026-11-2', '2026-13-40T99:99', '2019-12-31T23:59Z', '2026-11-21T12:06Z', 1_700_000_000_000, {}]) {
			expect(parseDisclosureTime(v, now), String(v)).toEqual({ ok: false });
		}
		expect(parseDisclosureTime('2026-11-21T12:04Z', now).ok).toBe(true);
	});
});
