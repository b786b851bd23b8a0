// Turns the live hub into a Server-Sent Events response: replays what a reconnecting
// browser missed (Last-Event-ID), or tells it to reload; heartbeats keep proxies from
// closing the stream. Sends only what the hub carries (ids, statuses), never secrets.
import type { LiveHub, LiveMessage } from './hub.ts';

export const HEARTBEAT_MS = 15_000;

function frame(message: LiveMessage): string {
	return `id: ${message.id}\nevent: ${message.topic}\ndata: ${JSON.stringify(message.data)}\n\n`;
}

export function liveStream(hub: LiveHub, lastEventId: string | null, signal: AbortSignal): Response {
	const encoder = new TextEncoder();
	let unsubscribe: (() => void) | null = null;
	let heartbeat: ReturnType<typeof setInterval> | null = null;
	const close = () => {
		unsubscribe?.();
		unsubscribe = null;
		if (heartbeat) clearInterval(heartbeat);
		heartbeat = null;
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
			else for (const message of missed) send(frame(message));
			unsubscribe = hub.subscribe((message) => send(frame(message)));
			heartbeat = setInterval(() => send(`: heartbeat ${Date.now()}\n\n`), HEARTBEAT_MS);
			signal.addEventListener('abort', () => {
				close();
				try {
					controller.close();
				} catch {
					// already closed
				}
			});
		},
		cancel: close
	});
	return new Response(body, {
		headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' }
	});
}
