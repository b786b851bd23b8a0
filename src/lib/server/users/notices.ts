// Notices to one console user (e.g. "your dispute was taken over"): listed until the user
// dismisses them. Carries ids, and for a hand-over the colleague's name and note; the text is
// built from the kind in the user's language.
import type { Db } from '../db/index.ts';
import type { PersonActor } from '../auth/actor.ts';

export interface Notice {
	id: number;
	kind: string;
	disputeId: string | null;
	createdAt: number;
	/** Names and short texts the notice's message shows (e.g. who handed a case over, their note); plain text. */
	params: Record<string, string>;
}

/** The string fields `from` and `note` of a notice's stored details; anything else is ignored. */
function paramsOf(details: string): Record<string, string> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(details);
	} catch {
		return {};
	}
	if (typeof parsed !== 'object' || parsed === null) return {};
	const params: Record<string, string> = {};
	for (const key of ['from', 'note'] as const) {
		const value = (parsed as Record<string, unknown>)[key];
		if (typeof value === 'string') params[key] = value;
	}
	return params;
}

export async function listUnreadNotices(db: Db, userId: number): Promise<Notice[]> {
	const rows = await db.selectFrom('user_notices').select(['id', 'kind', 'dispute_id', 'details', 'created_at']).where('user_id', '=', userId).where('read_at', 'is', null).orderBy('created_at', 'desc').limit(20).execute();
	return rows.map((row) => ({ id: row.id, kind: row.kind, disputeId: row.dispute_id, createdAt: row.created_at, params: paramsOf(row.details) }));
}

/** Marks `noticeId` read; only the actor's own notices (any other id changes nothing). */
export async function dismissNotice({ db }: { db: Db }, actor: PersonActor, noticeId: number, now = Date.now()): Promise<void> {
	await db.updateTable('user_notices').set({ read_at: now }).where('id', '=', noticeId).where('user_id', '=', actor.userId).execute();
}
