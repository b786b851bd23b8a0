// The dispute chat's intake queue (issue 15 "Nothing lost"): live events before recovered ones,
// a full queue refuses instead of dropping in silence, a recovery pass can wait for room, and an
// event pushed as a drain ends is still handled.
import { describe, expect, it } from 'vitest';
import { ChatIntakeQueue, type Lane } from '../../../../../src/lib/server/mostro/dispute-chat/chat-intake-queue.ts';

function recorder() {
	const handled: string[] = [];
	let release: (() => void) | null = null;
	let gate: Promise<void> | null = null;
	return {
		handled,
		hold() {
			gate = new Promise((resolve) => (release = resolve));
		},
		open() {
			release?.();
			gate = null;
		},
		handle: async (event: unknown, lane: Lane) => {
			if (gate) await gate;
			handled.push(`${lane}:${String(event)}`);
		}
	};
}

describe('chat intake queue', () => {
	it('handles live events before the recovered ones already waiting', async () => {
		const r = recorder();
		const queue = new ChatIntakeQueue(r.handle);
		r.hold();
		queue.push('r1', 'recovered');
		queue.push('r2', 'recovered');
		queue.push('r3', 'recovered');
		queue.push('l1', 'live');
		r.open();
		await queue.idle();
		// r1 was already being handled when l1 arrived; l1 then jumps the rest of the recovery.
		expect(r.handled).toEqual(['recovered:r1', 'live:l1', 'recovered:r2', 'recovered:r3']);
	});

	it('refuses a push past its cap and says so, then takes events again once there is room', async () => {
		const r = recorder();
		const queue = new ChatIntakeQueue(r.handle, 3);
		r.hold();
		// `a` is in hand at once; three more wait, and a fourth finds the queue full.
		expect([queue.push('a', 'live'), queue.push('b', 'live'), queue.push('c', 'recovered'), queue.push('d', 'recovered')]).toEqual([true, true, true, true]);
		expect(queue.length).toBe(3);
		expect(queue.push('x', 'live')).toBe(false);
		r.open();
		await queue.idle();
		expect(queue.push('e', 'live')).toBe(true);
		await queue.idle();
		expect(r.handled).toEqual(['live:a', 'live:b', 'recovered:c', 'recovered:d', 'live:e']);
	});

	it('lets a recovery pass wait until at most a given number of events wait', async () => {
		const r = recorder();
		const queue = new ChatIntakeQueue(r.handle);
		r.hold();
		for (let i = 0; i < 5; i += 1) queue.push(`e${i}`, 'recovered');
		let roomy = false;
		const room = queue.room(2).then(() => (roomy = true));
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(roomy).toBe(false);
		r.open();
		await room;
		expect(queue.length).toBeLessThanOrEqual(2);
		await queue.idle();
		await expect(queue.room(0)).resolves.toBeUndefined();
	});

	it('handles an event pushed while the last one is being handled', async () => {
		const handled: string[] = [];
		const queue: ChatIntakeQueue = new ChatIntakeQueue(async (event) => {
			handled.push(String(event));
			if (event === 'first') queue.push('second', 'live');
		});
		queue.push('first', 'live');
		await queue.idle();
		expect(handled).toEqual(['first', 'second']);
	});
});
