// An open live stream ends when its session is signed out or invalidated, or its user is
// disabled; it keeps running while the session stands.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../../../src/lib/server/db/index.ts';
import { createSession, invalidateSession } from '../../../../src/lib/server/auth/sessions.ts';
import { isSessionLive } from '../../../../src/lib/server/auth/session-liveness.ts';
import { LiveHub } from '../../../../src/lib/server/live/hub.ts';
import { liveStream } from '../../../../src/lib/server/live/sse.ts';
import { insertUser, updateUser } from '../../../../src/lib/server/users/repository.ts';
import { openTestDatabase } from '../../../helpers/test-db.ts';

let database: OpenDatabase;
let userId: number;

beforeEach(async () => {
	database = openTestDatabase();
	userId = await insertUser(database.db, { name: 'alice', role: 'mediator', passwordHash: 'x', mustChangePassword: false }, Date.now());
});
afterEach(() => database.close());

/** Reads until the stream ends; resolves true if it ended within the bound. */
async function endsWithin(response: Response, ms: number): Promise<boolean> {
	const reader = response.body!.getReader();
	const deadline = Date.now() + ms;
	for (;;) {
		const left = deadline - Date.now();
		if (left <= 0) {
			await reader.cancel();
			return false;
		}
		const chunk = await Promise.race([reader.read(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), left))]);
		if (chunk === 'timeout') {
			await reader.cancel();
			return false;
		}
		if (chunk.done) return true;
	}
}

function openStream(sessionId: string) {
	const abort = new AbortController();
	const response = liveStream(new LiveHub(), userId, null, abort.signal, { stillAllowed: () => isSessionLive(database.db, sessionId), revalidateMs: 20 });
	return { response, abort };
}

describe('live stream and the session behind it', () => {
	it('stays open while the session stands', async () => {
		const { session } = await createSession(database.db, { id: userId, role: 'mediator' }, false);
		const { response, abort } = openStream(session.id);
		expect(await endsWithin(response, 200)).toBe(false);
		abort.abort();
	});

	it('ends when the session is signed out', async () => {
		const { session } = await createSession(database.db, { id: userId, role: 'mediator' }, false);
		const { response } = openStream(session.id);
		await invalidateSession(database.db, session.id);
		expect(await endsWithin(response, 2000)).toBe(true);
	});

	it('ends when the user is disabled, even with the session row still there', async () => {
		const { session } = await createSession(database.db, { id: userId, role: 'mediator' }, false);
		const { response } = openStream(session.id);
		await updateUser(database.db, userId, { disabled: 1 }, Date.now());
		expect(await endsWithin(response, 2000)).toBe(true);
	});

	it('ends when the API token behind the stream is revoked', async () => {
		const now = Date.now();
		const { id } = await database.db.insertInto('api_tokens').values({ user_id: userId, name: 't', token_hash: 'h', created_at: now, last_used_at: null, revoked_at: null }).returning('id').executeTakeFirstOrThrow();
		expect(await isSessionLive(database.db, `api:${id}`)).toBe(true);
		const { response } = openStream(`api:${id}`);
		await database.db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).execute();
		expect(await endsWithin(response, 2000)).toBe(true);
	});
});
