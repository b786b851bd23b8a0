// The sandbox trickle's timer: never more steps at once than asked (one by default), a failing
// step is logged and the timer kept, and stop() waits for the steps in flight.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTrickle } from '../../../../sim/sandbox/trickle.ts';

describe('sandbox trickle', () => {
	afterEach(() => vi.useRealTimers());

	for (const concurrency of [1, 3]) {
		it(`runs at most ${concurrency} step(s) at once`, async () => {
			vi.useFakeTimers();
			let running = 0;
			let peak = 0;
			let done = 0;
			const releases: Array<() => void> = [];
			const step = async () => {
				running++;
				peak = Math.max(peak, running);
				await new Promise<void>((resolve) => releases.push(resolve));
				running--;
				done++;
			};
			const trickle = startTrickle(10, step, () => undefined, 1000, concurrency);
			await vi.advanceTimersByTimeAsync(100);
			expect(running).toBe(concurrency);
			for (const release of releases.splice(0)) release();
			await vi.advanceTimersByTimeAsync(100);
			expect(peak).toBe(concurrency);
			expect(done).toBe(concurrency);
			const stopped = trickle.stop();
			for (const release of releases.splice(0)) release();
			await stopped;
			expect(running).toBe(0);
		});
	}

	it('logs a failing step and keeps going', async () => {
		vi.useFakeTimers();
		const lines: string[] = [];
		let calls = 0;
		const trickle = startTrickle(
			10,
			async () => {
				calls++;
				throw new Error('no node');
			},
			(line) => lines.push(line)
		);
		await vi.advanceTimersByTimeAsync(35);
		await trickle.stop();
		expect(calls).toBe(3);
		expect(lines).toEqual(['trickle: no node', 'trickle: no node', 'trickle: no node']);
	});
});
