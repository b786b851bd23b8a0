import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getRuntime } from '$lib/server/runtime';
import { liveStream } from '$lib/server/live/sse';

/** Server-Sent Events stream of live changes for the signed-in user. */
export const GET: RequestHandler = ({ locals, request }) => {
	if (!locals.user) return json({ error: { code: 'unauthenticated', message: 'Sign in first.' } }, { status: 401 });
	return liveStream(getRuntime().live, request.headers.get('last-event-id'), request.signal);
};
