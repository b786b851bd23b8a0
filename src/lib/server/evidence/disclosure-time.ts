// When a party disclosed its chat key, as typed by the mediator (form field) or sent by an API
// client: an ISO date-time. A time without a zone is UTC, as every time the console shows is.
// Must never accept a time in the future (beyond a little clock slack) or a malformed text.
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;
const SLACK_MS = 5 * 60_000;
const EARLIEST = Date.UTC(2020, 0, 1);

export type DisclosureTime = { ok: true; at: number | null } | { ok: false };

/** Empty or absent → `at: null` (now); otherwise milliseconds since the epoch, or `ok: false`. */
export function parseDisclosureTime(value: unknown, now: number): DisclosureTime {
	if (value === undefined || value === null || value === '') return { ok: true, at: null };
	if (typeof value !== 'string') return { ok: false };
	const text = value.trim();
	const m = ISO.exec(text);
	if (!m) return { ok: false };
	const at = Date.parse(m[1] ? text : `${text}Z`);
	if (!Number.isFinite(at) || at < EARLIEST || at > now + SLACK_MS) return { ok: false };
	return { ok: true, at };
}
