// The sandbox's slow trickle of new disputes: one run of `step` every `everyMs` (0 = off),
// never two at once, at most `max` in total, errors logged and the timer kept. Must never leave
// its timer running after `stop()`, which also waits (bounded) for a step in flight.
export type Trickle = { stop(): Promise<void> };

export function startTrickle(everyMs: number, step: () => Promise<void>, log: (line: string) => void, max = 1000): Trickle {
	if (!(everyMs > 0)) return { stop: async () => undefined };
	let running: Promise<void> | null = null;
	let count = 0;
	const timer = setInterval(() => {
		if (running || count >= max) return;
		count++;
		running = step()
			.catch((err: unknown) => log(`trickle: ${(err as Error).message}`))
			.finally(() => {
				running = null;
			});
	}, everyMs);
	timer.unref?.();
	return {
		stop: async () => {
			clearInterval(timer);
			if (running) await Promise.race([running, new Promise((r) => setTimeout(r, 5000))]);
		}
	};
}
