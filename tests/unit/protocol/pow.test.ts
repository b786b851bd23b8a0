import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../src/lib/protocol/errors.ts';
import { computeEventId, signEvent, isEventSignatureValid } from '../../../src/lib/protocol/event.ts';
import { getPubkey } from '../../../src/lib/protocol/keys.ts';
import { escalatedPow, hasPow, leadingZeroBits, mayEscalatePow, mineFreshAsync, minePow, NODE_MAX_EVENT_AGE_SECS, powOf, requiredPow } from '../../../src/lib/protocol/pow.ts';
import { aliceSk } from './fixtures.ts';

describe('NIP-13 PoW', () => {
	it('counts leading zero bits', () => {
		expect(powOf({ id: '000000000e9d97a1ab09fc381030b346cdd7a142ad57e6df0b46dc9bef6c7e2d' })).toBe(36);
		expect(powOf({ id: '6bf5b4f434813c64b523d2b0e6efe18f3bd0cbbd0a5effd8ece9e00fd2531996' })).toBe(1);
		expect(powOf({ id: 'f'.repeat(64) })).toBe(0);
		expect(powOf({ id: '0'.repeat(64) })).toBe(256);
		expect(powOf({ id: 42 })).toBe(0);
		expect(leadingZeroBits(new Uint8Array([0, 0x10]))).toBe(11);
		expect(hasPow({ id: '0'.repeat(64) }, 20)).toBe(true);
	});
	it('mines to a target, keeps created_at, and the id matches the serialization', () => {
		const base = {
			pubkey: getPubkey(aliceSk),
			kind: 14,
			created_at: 1700000000,
			tags: [
				['p', 'x'],
				['nonce', '9', '1']
			],
			content: 'hello "world"'
		};
		const mined = minePow(base, 12);
		expect(mined.created_at).toBe(1700000000);
		expect(mined.tags.filter((t) => t[0] === 'nonce')).toHaveLength(1);
		expect(mined.tags.at(-1)?.[2]).toBe('12');
		expect(computeEventId(mined)).toBe(mined.id);
		expect(powOf(mined)).toBeGreaterThanOrEqual(12);
		const signed = signEvent(mined, aliceSk);
		expect(signed.id).toBe(mined.id);
		expect(isEventSignatureValid(signed)).toBe(true);
	});
	it('is bounded by attempts and by time', () => {
		const base = { pubkey: getPubkey(aliceSk), kind: 14, created_at: 1, tags: [], content: '' };
		expect(() => minePow(base, 60, { maxAttempts: 1000 })).toThrow(ProtocolError);
		let t = 0;
		expect(() => minePow(base, 60, { maxMillis: 5, clockMs: () => (t += 1) })).toThrow(expect.objectContaining({ code: 'pow_exhausted' }));
	});
	it('required PoW per transport', () => {
		expect(requiredPow({ protocolVersion: 2, pow: 5, powFirstContact: 12 })).toBe(12);
		expect(requiredPow({ protocolVersion: 2, pow: 5, powFirstContact: null })).toBe(5);
		expect(requiredPow({ protocolVersion: 1, pow: 5, powFirstContact: 12 })).toBe(5);
	});
});

describe('mineFreshAsync: stamp after mining (issue 18 defect 4)', () => {
	it('re-stamps and re-mines when the clock moved past the freshness bound while mining', async () => {
		let clock = 1_000;
		const stamps: number[] = [];
		const event = await mineFreshAsync(
			async (now) => {
				stamps.push(now);
				if (stamps.length === 1) clock += 38; // a long first mining round
				return { created_at: now };
			},
			{ clockSecs: () => clock, maxAgeSecs: 5 }
		);
		expect(stamps).toEqual([1_000, 1_038]);
		expect(event.created_at).toBe(1_038);
		expect(clock - event.created_at).toBeLessThanOrEqual(NODE_MAX_EVENT_AGE_SECS);
	});
	it('a round whose budget runs out is retried with a new stamp; bounded rounds', async () => {
		let clock = 0;
		let calls = 0;
		const build = async (now: number) => {
			calls++;
			clock += 1;
			if (calls < 3) throw new ProtocolError('pow_exhausted', 'budget');
			return { created_at: now };
		};
		expect((await mineFreshAsync(build, { clockSecs: () => clock })).created_at).toBe(2);
		calls = -100;
		await expect(mineFreshAsync(build, { clockSecs: () => clock, maxRounds: 4 })).rejects.toThrow(ProtocolError);
		await expect(
			mineFreshAsync(
				async () => {
					throw new Error('other');
				},
				{ clockSecs: () => clock }
			)
		).rejects.toThrow('other');
	});
	it('keeps the stamp when mining was quick, with a real mined event', async () => {
		const mined = await mineFreshAsync(async (now) => minePow({ kind: 14, created_at: now, tags: [], content: 'x', pubkey: '0'.repeat(64) }, 8), { clockSecs: () => 1_755_600_000 });
		expect(mined.created_at).toBe(1_755_600_000);
		expect(powOf(mined)).toBeGreaterThanOrEqual(8);
	});
});

describe('escalation when a v2 node does not advertise pow_first_contact (§8 #13)', () => {
	it('escalates only on v2 with the tag absent, to at least 16 and 8 more bits, capped', () => {
		expect(mayEscalatePow({ protocolVersion: 2, powFirstContact: null })).toBe(true);
		expect(mayEscalatePow({ protocolVersion: 2, powFirstContact: 0 })).toBe(false);
		expect(mayEscalatePow({ protocolVersion: 1, powFirstContact: null })).toBe(false);
		expect(escalatedPow(0)).toBe(16);
		expect(escalatedPow(12)).toBe(20);
		expect(escalatedPow(30)).toBe(32);
	});
});
