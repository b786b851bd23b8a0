// Notices to one console user (e.g. "your dispute was taken over"): listed until the user
// dismisses them. Carries ids only; the text is built from the kind in the user's language.
import type { Db } from '../db/index.ts';
import type { PersonActor } from '../auth/actor.ts';

export interface Notice {
	id: number;
	kind: string;
	disputeId: string | null;
	createdAt: number;
}

export async function listUnreadNotices(db: Db, userId: number): Promise<Notice[]> {
	const rows = await db.selectFrom('user_notices').select(['id', 'kind', 'dispute_id', 'created_at']).where('user_id', '=', userId).where('read_at', 'is', null).orderBy('created_at', 'desc').limit(20).execute();
	return rows.map((row) => ({ id: row.id, kind: row.kind, disputeId: row.dispute_id, createdAt: row.created_at }));
}

/** Marks `noticeId` read; only the actor's own notices (any other id changes nothing). */
export async function dismissNotice({ db }: { db: Db }, actor: PersonActor, noticeId: number, now = Date.now()): Promise<void> {
	await db.updateTable('user_notices').set({ read_at: now }).where('id', '=', noticeId).where('user_id', '=', actor.userId).execute();
}
