// Crash-safety tests only (MEDIATOR_TEST_CRASH_POINT): the places where the server may be told
// to kill itself the way SIGKILL does, so a test can prove a restart loses and duplicates
// nothing. Armed once at start-up from the config; unarmed (every production run) it does
// nothing. Must never be armed by anything but the configuration, and never catch the kill.

export type CrashPointName =
	/** A Mostro action's journal row and audit entry are committed, nothing is published. */
	| 'after-journal'
	/** The action is published and its receipts recorded, the reply not yet read. */
	| 'after-publish'
	/** The leader claimed a request another replica handed over (its signed event stored), nothing is published. */
	| 'after-hand-off-claim'
	/** A chat message is stored (with its audit entry), not yet published. */
	| 'chat-after-store'
	/** A chat message is published, its delivery receipts not yet recorded. */
	| 'chat-after-publish'
	/** Inside an evidence import's transaction: events written, nothing committed. */
	| 'evidence-before-commit';

export const CRASH_POINT_NAMES: readonly CrashPointName[] = ['after-journal', 'after-publish', 'after-hand-off-claim', 'chat-after-store', 'chat-after-publish', 'evidence-before-commit'];

export interface CrashPoint {
	point: CrashPointName;
	/** Only for this action (a Mostro action name); null for every occurrence. */
	action: string | null;
}

let armed: CrashPoint | null = null;

/** Set from the configuration when the runtime starts (null disarms). */
export function armCrashPoint(point: CrashPoint | null): void {
	armed = point;
}

/** Dies at once, as a killed process does, when `point` (for `action`) is the armed one. */
export function crashIfArmed(point: CrashPointName, action: string | null = null): void {
	if (armed && armed.point === point && (armed.action === null || armed.action === action)) process.kill(process.pid, 'SIGKILL');
}
