// When a party disclosed its chat key, as typed by the mediator (form field) or sent by an API
// client: an ISO date-time, or a bare date (midnight). A time without a zone is UTC, as every
// time the console shows is. Must never accept an impossible calendar date (no rolling 30
// February over into March), a malformed text, or a time in the future beyond a little slack.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const SLACK_MS = 5 * 60_000;
const EARLIEST = Date.UTC(2020, 0, 1);

export type DisclosureTime = { ok: true; at: number | null } | { ok: false };

function isRealCalendarTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
	if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return false;
	const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
	return d >= 1 && d <= daysInMonth;
}

function zoneOffsetMs(zone: string | undefined): number | null {
	if (!zone || zone === 'Z') return 0;
	const sign = zone[0] === '-' ? -1 : 1;
	const [h, m] = zone.slice(1).split(':').map(Number) as [number, number];
	return h > 14 || m > 59 ? null : sign * (h * 60 + m) * 60_000;
}

/** Empty or absent → `at: null` (now); otherwise milliseconds since the epoch, or `ok: false`. */
export function parseDisclosureTime(value: unknown, now: number): DisclosureTime {
	if (value === undefined || value === null || value === '') return { ok: true, at: null };
	if (typeof value !== 'string') return { ok: false };
	const m = ISO.exec(value.trim());
	if (!m) return { ok: false };
	const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
	const offset = zoneOffsetMs(m[7]);
	if (offset === null || !isRealCalendarTime(y, mo, d, h, mi, s)) return { ok: false };
	const at = Date.UTC(y, mo - 1, d, h, mi, s) - offset;
	if (at < EARLIEST || at > now + SLACK_MS) return { ok: false };
	return { ok: true, at };
}
