import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { liveStream } from '$lib/server/live/sse';
import { isSessionLive } from '$lib/server/auth/session-liveness';

/** Server-Sent Events stream of live changes for the signed-in user; ends when the session does. */
export const GET: RequestHandler = ({ locals, request }) => {
	const { user, session } = locals;
	if (!user || !session) return json({ error: { code: 'unauthenticated', message: 'Sign in first.' } }, { status: 401 });
	const { db, live } = getRuntime();
	return liveStream(live, user.id, request.headers.get('last-event-id'), request.signal, { stillAllowed: () => isSessionLive(db, session.id) });
};
