// The escrow countdown as the board shows it ("5 h 20 min left", "expired"), and the hours
// under which it turns to the warning colour. Shared by server and browser; pure.
import type { Translate } from '../i18n/index.ts';

export const WARNING_HOURS = 6;

export function formatCountdown(deadlineUnixSeconds: number, nowMs: number, t: Translate): string {
	const minutes = Math.floor((deadlineUnixSeconds - nowMs / 1000) / 60);
	if (minutes <= 0) return t('escrow.expired');
	const hours = Math.floor(minutes / 60);
	if (hours >= 48) return t('escrow.left_days', { days: Math.floor(hours / 24), hours: hours % 24 });
	return t('escrow.left', { hours, minutes: minutes % 60 });
}
