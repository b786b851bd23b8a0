// The sandbox's slow trickle of new disputes: one run of `step` every `everyMs` (0 = off),
// at most `concurrency` at once (default 1: never two), at most `max` in total, errors logged and
// the timer kept. Must never leave its timer running after `stop()`, which also waits (bounded)
// for the steps in flight.
export type Trickle = { stop(): Promise<void> };

export function startTrickle(everyMs: number, step: () => Promise<void>, log: (line: string) => void, max = 1000, concurrency = 1): Trickle {
	if (!(everyMs > 0)) return { stop: async () => undefined };
	const running = new Set<Promise<void>>();
	let count = 0;
	const timer = setInterval(() => {
		if (running.size >= concurrency || count >= max) return;
		count++;
		const run: Promise<void> = step()
			.catch((err: unknown) => log(`trickle: ${(err as Error).message}`))
			.finally(() => running.delete(run));
		running.add(run);
	}, everyMs);
	timer.unref?.();
	return {
		stop: async () => {
			clearInterval(timer);
			if (running.size > 0) await Promise.race([Promise.allSettled([...running]), new Promise((r) => setTimeout(r, 5000))]);
		}
	};
}
