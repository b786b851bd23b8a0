import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { openTestDatabase } from '../../../helpers/test-db.ts';
import { createSealer } from '../../../../src/lib/server/vault/seal.ts';
import { Notifier } from '../../../../src/lib/server/notifications/notifier.ts';
import { NOTIFICATION_ROUND_MS, startNotificationSchedule, type Scheduler } from '../../../../src/lib/server/notifications/notification-schedule.ts';

describe('notification schedule', () => {
	it('runs a round on the injected scheduler every 30 s and stops with it', async () => {
		const { db } = openTestDatabase();
		const relaysAsked: string[] = [];
		const notifier = new Notifier({
			db,
			sealer: createSealer(new Uint8Array(randomBytes(32))),
			transport: { relaysFor: async (pk) => (relaysAsked.push(pk), []), publish: async () => [], stop: () => undefined },
			publicUrl: null,
			now: () => 0
		});
		const registered: Array<{ ms: number; work: () => void }> = [];
		let stopped = false;
		const scheduler: Scheduler = {
			every: (ms, work) => {
				registered.push({ ms, work });
				return () => (stopped = true);
			}
		};
		const stop = startNotificationSchedule(db, notifier, scheduler);
		expect(registered.map((r) => r.ms)).toEqual([NOTIFICATION_ROUND_MS]);
		registered[0]!.work();
		await new Promise((r) => setTimeout(r, 20));
		expect(relaysAsked).toEqual([]);
		stop();
		expect(stopped).toBe(true);
	});
});
