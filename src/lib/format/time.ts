// Display helpers for times: relative ages ("12 min ago") through the translator, and
// absolute times in ISO-like form that reads the same in both languages.
import type { Translate } from '../i18n/index.ts';

export function formatAge(unixSeconds: number, nowMs: number, t: Translate): string {
	const minutes = Math.floor((nowMs / 1000 - unixSeconds) / 60);
	if (minutes < 1) return t('age.just_now');
	if (minutes < 60) return t('age.minutes', { n: minutes });
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return t('age.hours', { n: hours });
	return t('age.days', { n: Math.floor(hours / 24) });
}

/** Day only, ISO form (`2026-10-04`), for day-precision values such as "on the node since". */
export function formatDate(unixMs: number): string {
	return new Date(unixMs).toISOString().slice(0, 10);
}

export function formatDateTime(unixMs: number): string {
	return new Date(unixMs).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}
