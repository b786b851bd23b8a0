import { describe, expect, it } from 'vitest';
import { notificationText } from '../../../../src/lib/server/notifications/notification-text.ts';
import { NOTIFICATION_KINDS, NOTIFICATION_RULES, parseNotificationKinds } from '../../../../src/lib/server/notifications/notification-kinds.ts';
import { parseNotificationTimings } from '../../../../src/lib/server/notifications/notification-timings.ts';
import { en } from '../../../../src/lib/i18n/en.ts';

const id = '862ef59f-a072-411f-9a5f-54560bbde623';

describe('notification texts', () => {
	it.each(NOTIFICATION_KINDS)('%s has a label and a short message in both languages', (kind) => {
		expect(en).toHaveProperty(`notify.kind.${kind}`);
		for (const locale of ['en', 'es'] as const) {
			const text = notificationText(locale, kind, id, { amountSats: 70000, status: 'settled', minutes: 15 }, null);
			expect(text).toContain('862ef59f');
			expect(text).not.toContain('{');
			expect(text.length).toBeLessThan(120);
		}
	});

	it('links to the case with the public URL, in the user language', () => {
		expect(notificationText('es', 'dispute_new', id, { amountSats: 70000 }, 'https://c.example/')).toBe(`Disputa nueva 862ef59f (70.000 sats), sin tomar todavía.\nhttps://c.example/disputes/${id}`);
		expect(notificationText('en', 'dispute_new', id, {}, null)).toBe('New dispute 862ef59f (amount not known yet), not taken yet.');
	});

	it('only escrow under 1 hour ignores quiet hours', () => {
		expect(NOTIFICATION_KINDS.filter((k) => NOTIFICATION_RULES[k].ignoresQuietHours)).toEqual(['escrow_1h']);
	});

	it('reads submitted kinds, dropping unknown ones', () => {
		expect(parseNotificationKinds(['displaced', 'nope', 'dispute_new', 3])).toEqual(['dispute_new', 'displaced']);
		expect(parseNotificationKinds('dispute_new')).toEqual([]);
	});

	it.each([
		[{ renotifyAfterMin: '15', escalateAfterMin: '60', partyWaitingAfterMin: '30' }, null],
		[{ renotifyAfterMin: '0', escalateAfterMin: '60', partyWaitingAfterMin: '30' }, 'notify.settings.error.minutes'],
		[{ renotifyAfterMin: '15', escalateAfterMin: '15', partyWaitingAfterMin: '30' }, 'notify.settings.error.order'],
		[{ renotifyAfterMin: '15', escalateAfterMin: '60', partyWaitingAfterMin: 'x' }, 'notify.settings.error.minutes']
	])('timings %o → %s', (input, refusal) => {
		if (refusal === null) expect(parseNotificationTimings(input)).toEqual({ renotifyAfterMin: 15, escalateAfterMin: 60, partyWaitingAfterMin: 30 });
		else expect(() => parseNotificationTimings(input)).toThrow(expect.objectContaining({ messageKey: refusal }));
	});
});
