// Display helpers for the evidence page: times to the second (evidence needs seconds) and
// silences in hours and minutes, through the translator.
import type { Translate } from '../../i18n/index.ts';

export function formatSeconds(unixSeconds: number): string {
	return new Date(unixSeconds * 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC';
}

export function formatSilence(seconds: number, t: Translate): string {
	const minutes = Math.floor(seconds / 60);
	return t('evidence.duration', { h: Math.floor(minutes / 60), m: minutes % 60 });
}
