// Display helper for durations given in seconds (report times to take and resolve):
// "< 1 min", "42 min", "3 h 05 min", "2 d 4 h", through the translator; "—" when unknown.
import type { Translate } from '../i18n/index.ts';

export function formatDuration(seconds: number | null, t: Translate): string {
	if (seconds === null || !Number.isFinite(seconds)) return '—';
	const minutes = Math.floor(seconds / 60);
	if (minutes < 1) return t('reports.duration.under_minute');
	if (minutes < 60) return t('reports.duration.minutes', { m: minutes });
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return t('reports.duration.hours', { h: hours, m: String(minutes % 60).padStart(2, '0') });
	return t('reports.duration.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

/** A share in [0, 1] as a whole percentage ("67 %"); "—" when unknown. */
export function formatShare(value: number | null): string {
	return value === null ? '—' : `${Math.round(value * 100)} %`;
}
