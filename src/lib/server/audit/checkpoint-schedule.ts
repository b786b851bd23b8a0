// When audit checkpoints are signed (issue 14 §1): at once after an entry that moves money or
// access (settle, cancel, approval, user and role changes), otherwise every interval when the
// log grew, and once at start and stop. appendAudit only notes the action; the signing runs
// after the caller's transaction has released the single database connection, so it never
// signs an entry that is later rolled back. Never signs anything but the log's committed head.
import type { Db } from '../db/index.ts';
import type { Sealer } from '../vault/seal.ts';
import { AUDIT_CHECKPOINT_MS, signAuditHead, type Checkpoint } from './checkpoints.ts';

const URGENT_PREFIXES = ['admin-settle', 'admin-cancel', 'decision.approved', 'decision.executed', 'user.', 'setup.completed'];

/** Whether an audit action must be covered by a checkpoint right away. */
export function isUrgentAuditAction(action: string): boolean {
	return URGENT_PREFIXES.some((prefix) => action === prefix || action.startsWith(prefix.endsWith('.') ? prefix : `${prefix}.`));
}

let urgentListener: (() => void) | null = null;

/** Called by appendAudit for every entry; wakes the running schedule for urgent actions. */
export function noteAuditAction(action: string): void {
	if (urgentListener && isUrgentAuditAction(action)) urgentListener();
}

export interface CheckpointSchedule {
	/** Signs the committed head now (if it grew); resolves when done. */
	signNow(): Promise<Checkpoint | null>;
	stop(): Promise<void>;
}

export function startCheckpointSchedule(db: Db, sealer: Sealer, options: { intervalMs?: number; onSigned?: (checkpoint: Checkpoint) => void | Promise<void>; onError?: (error: unknown) => void } = {}): CheckpointSchedule {
	let chain: Promise<Checkpoint | null> = Promise.resolve(null);
	const signNow = () => {
		chain = chain
			.catch(() => null)
			.then(async () => {
				const checkpoint = await signAuditHead(db, sealer);
				if (checkpoint && options.onSigned) await options.onSigned(checkpoint);
				return checkpoint;
			});
		return chain;
	};
	const quietly = () => void signNow().catch((error: unknown) => options.onError?.(error));
	const timer = setInterval(quietly, options.intervalMs ?? AUDIT_CHECKPOINT_MS);
	timer.unref();
	const listener = () => setImmediate(quietly);
	urgentListener = listener;
	quietly();
	return {
		signNow,
		stop: async () => {
			clearInterval(timer);
			if (urgentListener === listener) urgentListener = null;
			await signNow().catch((error: unknown) => options.onError?.(error));
		}
	};
}
