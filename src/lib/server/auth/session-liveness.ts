// Whether a session (cookie session, or an API token's pseudo-session `api:<id>`) still
// stands: it exists (not signed out, not invalidated), has not expired, and its user is not
// disabled. Long-lived responses (the /api/live stream) re-ask this and end when it says no.
// Read-only: never refreshes or deletes anything.
import type { Db } from '../db/index.ts';

export async function isSessionLive(db: Db, sessionId: string, now = Date.now()): Promise<boolean> {
	if (sessionId.startsWith('api:')) {
		const tokenId = Number(sessionId.slice(4));
		if (!Number.isSafeInteger(tokenId)) return false;
		const row = await db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').select(['users.disabled']).where('api_tokens.id', '=', tokenId).where('api_tokens.revoked_at', 'is', null).executeTakeFirst();
		return row !== undefined && !row.disabled;
	}
	const row = await db.selectFrom('sessions').innerJoin('users', 'users.id', 'sessions.user_id').select(['sessions.expires_at', 'users.disabled']).where('sessions.id', '=', sessionId).executeTakeFirst();
	return row !== undefined && !row.disabled && now < row.expires_at;
}
