// Quiet hours of a user (issue 19): a daily window, in minutes after midnight UTC, during which
// only the kinds that ignore quiet hours (escrow under 1 hour) are sent. Pure: time is a
// parameter. A window may wrap midnight (22:00–07:00); equal ends mean no window.

export interface QuietHours {
	startMin: number;
	endMin: number;
}

export function isQuietAt(quiet: QuietHours | null, nowMs: number): boolean {
	if (!quiet || quiet.startMin === quiet.endMin) return false;
	const minute = Math.floor((((nowMs % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
	return quiet.startMin < quiet.endMin ? minute >= quiet.startMin && minute < quiet.endMin : minute >= quiet.startMin || minute < quiet.endMin;
}

/** The epoch ms when the window containing `nowMs` ends (when held messages may go). */
export function quietEndsAt(quiet: QuietHours, nowMs: number): number {
	const dayStart = nowMs - (((nowMs % 86_400_000) + 86_400_000) % 86_400_000);
	let end = dayStart + quiet.endMin * 60_000;
	if (end <= nowMs) end += 86_400_000;
	return end;
}

/** Reads "HH:MM" to minutes after midnight; null for an empty or malformed value. */
export function parseClockTime(text: unknown): number | null {
	if (typeof text !== 'string') return null;
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
	return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

export function formatClockTime(minutes: number): string {
	return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
