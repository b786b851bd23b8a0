// The newcomer guide on the board (shown while the console follows the sandbox's simulated node):
// whether this user dismissed it, and whether their solver key is registered on the node (the
// guide's first step says so, or says who can register it). Dismissal is kept per user in
// users.newcomer_guide_dismissed_at, so it stays gone after a reload or on another browser.
// Reads and one write of the user's own row; must never touch another user's.
import type { Db } from '../db/index.ts';
import type { PersonActor } from '../auth/actor.ts';
import { getSolverKey } from '../vault/solver-keys.ts';

export interface NewcomerGuideState {
	dismissed: boolean;
	/** The user's solver key was sent to or acknowledged by the node (it may take disputes). */
	keyRegistered: boolean;
}

export async function loadNewcomerGuide(db: Db, userId: number): Promise<NewcomerGuideState> {
	const [user, key] = await Promise.all([db.selectFrom('users').select('newcomer_guide_dismissed_at').where('id', '=', userId).executeTakeFirst(), getSolverKey(db, userId)]);
	const state = key?.registration_state ?? null;
	return { dismissed: (user?.newcomer_guide_dismissed_at ?? null) !== null, keyRegistered: state === 'acknowledged' || state === 'sent' };
}

/** Hides the guide for the actor from now on. */
export async function dismissNewcomerGuide({ db }: { db: Db }, actor: PersonActor, _subjectId: null, now = Date.now()): Promise<void> {
	await db.updateTable('users').set({ newcomer_guide_dismissed_at: now }).where('id', '=', actor.userId).where('newcomer_guide_dismissed_at', 'is', null).execute();
}
