// Proof of work is mined in a worker thread so the server stays responsive (issue 18 defect 4;
// PROTOCOL.md §2.5): the main thread keeps running timers while an 18-bit search runs, and the
// nonce it returns gives a valid event id at the target difficulty.
import { describe, expect, it } from 'vitest';
import { computeEventId, type UnsignedEvent } from '../../../../src/lib/protocol/event.ts';
import { powOf } from '../../../../src/lib/protocol/pow.ts';
import { minePowOffThread, searchNonce } from '../../../../src/lib/server/mostro/pow-worker.ts';

const template: UnsignedEvent = {
	pubkey: 'a'.repeat(64),
	created_at: 1_790_000_000,
	kind: 14,
	tags: [['p', 'b'.repeat(64)]],
	content: 'mined "off" the main thread \\ ü'
};

describe('proof of work in a worker thread', () => {
	it('the main thread keeps ticking while an 18-bit nonce is searched', async () => {
		let ticks = 0;
		let longestGapMs = 0;
		let last = performance.now();
		const timer = setInterval(() => {
			const t = performance.now();
			longestGapMs = Math.max(longestGapMs, t - last);
			last = t;
			ticks++;
		}, 5);
		const started = performance.now();
		try {
			const mined = await minePowOffThread(template, 18, 20_000);
			const elapsed = performance.now() - started;
			expect(powOf(mined)).toBeGreaterThanOrEqual(18);
			expect(mined.id).toBe(computeEventId(mined));
			expect(mined.tags.at(-1)).toEqual(['nonce', expect.any(String), '18']);
			// Each tick must not wait on the search: the gaps stay far below the whole search time.
			// The search from 0 is deterministic: this template's first 18-bit nonce is 224810.
			expect(elapsed).toBeGreaterThan(100);
			expect(ticks).toBeGreaterThanOrEqual(5);
			expect(longestGapMs).toBeLessThan(elapsed / 2);
		} finally {
			clearInterval(timer);
		}
	}, 30_000);

	it('gives up when its time budget runs out', async () => {
		expect(await searchNonce('["', '"]', 64, 50)).toBeNull();
		await expect(minePowOffThread(template, 64, 50)).rejects.toMatchObject({ code: 'pow_exhausted' });
	}, 10_000);
});
