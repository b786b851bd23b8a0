// Turns the live hub into a Server-Sent Events response: replays what a reconnecting
// browser missed (Last-Event-ID), or tells it to reload; heartbeats keep proxies from
// closing the stream. The stream ends when `stillAllowed` says no (checked every
// REVALIDATE_MS), so a signed-out session or a disabled user stops receiving. Sends only
// what the hub carries (ids, statuses), never secrets, and never a message addressed to
// another user (replayed or live).
import { isVisibleTo, type LiveHub, type LiveMessage } from './hub.ts';

export const HEARTBEAT_MS = 15_000;
export const REVALIDATE_MS = 5_000;

export interface LiveStreamOptions {
	/** Re-asked periodically; false (or a failure) ends the stream. */
	stillAllowed?: () => Promise<boolean>;
	revalidateMs?: number;
}

function frame(message: LiveMessage): string {
	return `id: ${message.id}\nevent: ${message.topic}\ndata: ${JSON.stringify(message.data)}\n\n`;
}

/** The stream of `userId` (the signed-in user): broadcast messages and the ones addressed to them. */
export function liveStream(hub: LiveHub, userId: number, lastEventId: string | null, signal: AbortSignal, options: LiveStreamOptions = {}): Response {
	const encoder = new TextEncoder();
	let unsubscribe: (() => void) | null = null;
	let heartbeat: ReturnType<typeof setInterval> | null = null;
	let revalidate: ReturnType<typeof setInterval> | null = null;
	const close = () => {
		unsubscribe?.();
		unsubscribe = null;
		if (heartbeat) clearInterval(heartbeat);
		heartbeat = null;
		if (revalidate) clearInterval(revalidate);
		revalidate = null;
	};
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			const send = (text: string) => {
				try {
					controller.enqueue(encoder.encode(text));
				} catch {
					close();
				}
			};
			send(`retry: 3000\n\n`);
			const missed = hub.since(lastEventId);
			if (missed === null) send(`event: reset\ndata: {}\n\n`);
			else for (const message of missed) if (isVisibleTo(message, userId)) send(frame(message));
			unsubscribe = hub.subscribe((message) => {
				if (isVisibleTo(message, userId)) send(frame(message));
			});
			heartbeat = setInterval(() => send(`: heartbeat ${Date.now()}\n\n`), HEARTBEAT_MS);
			const end = () => {
				close();
				try {
					controller.close();
				} catch {
					// already closed
				}
			};
			const { stillAllowed } = options;
			if (stillAllowed) {
				revalidate = setInterval(() => {
					stillAllowed().then(
						(allowed) => {
							if (!allowed) end();
						},
						() => end()
					);
				}, options.revalidateMs ?? REVALIDATE_MS);
			}
			signal.addEventListener('abort', end);
		},
		cancel: close
	});
	return new Response(body, {
		headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' }
	});
}
