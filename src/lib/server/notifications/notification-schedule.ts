// Runs the notifier's periodic work (issue 19): the attention scan (re-notification,
// escalation, escrow deadlines, waiting parties) and the retries that are due. The timer is
// injected (tests drive the clock and call `runNotificationRound` themselves). Never throws
// into the timer: a failed round is logged and the next one runs as usual.
import type { Db } from '../db/index.ts';
import { log } from '../log.ts';
import { scanForAttention } from './attention-scan.ts';
import type { Notifier } from './notifier.ts';

export interface Scheduler {
	/** Calls `work` every `ms`; returns the function that stops it. */
	every(ms: number, work: () => void): () => void;
}

export const intervalScheduler: Scheduler = {
	every(ms, work) {
		const timer = setInterval(work, ms);
		timer.unref();
		return () => clearInterval(timer);
	}
};

export const NOTIFICATION_ROUND_MS = 30_000;

export async function runNotificationRound(db: Db, notifier: Notifier): Promise<void> {
	await scanForAttention(db, notifier);
	await notifier.deliverDue();
}

export function startNotificationSchedule(db: Db, notifier: Notifier, scheduler: Scheduler = intervalScheduler): () => void {
	return scheduler.every(NOTIFICATION_ROUND_MS, () => {
		void runNotificationRound(db, notifier).catch((error: unknown) => log.warn('the notification round failed', { error: error instanceof Error ? error.message : String(error) }));
	});
}
