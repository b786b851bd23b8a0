// The caching BIP-340 verifier used for bulk transcript validation agrees with the plain
// `isEventSignatureValid` on valid events, tampered ids, contents, signatures, out-of-range
// r/s values and off-curve pubkeys, before and after a signer gets a precomputed table.
import { describe, expect, it } from 'vitest';
import { isEventSignatureValid, signEvent, computeEventId, type NostrEvent } from '../../../src/lib/protocol/event.ts';
import { buildSignatureVerifier } from '../../../src/lib/protocol/signature-verifier.ts';
import { aliceSk, bobSk } from './fixtures.ts';

const events = Array.from({ length: 12 }, (_, i) => signEvent({ kind: 1, created_at: 1_760_000_000 + i, tags: [], content: `m${i}` }, i % 2 ? aliceSk : bobSk));

function variants(e: NostrEvent): NostrEvent[] {
	const flip = (hex: string, at: number) => hex.slice(0, at) + (hex[at] === '0' ? '1' : '0') + hex.slice(at + 1);
	const content = { ...e, content: e.content + '!' };
	return [
		e,
		content,
		{ ...content, id: computeEventId(content) },
		{ ...e, sig: flip(e.sig, 10) },
		{ ...e, sig: flip(e.sig, 100) },
		{ ...e, sig: 'f'.repeat(64) + e.sig.slice(64) },
		{ ...e, sig: e.sig.slice(0, 64) + 'f'.repeat(64) },
		{ ...e, sig: e.sig.slice(0, 64) + '0'.repeat(64) },
		{ ...e, pubkey: 'f'.repeat(64) }
	];
}

describe('caching signature verifier', () => {
	it('matches isEventSignatureValid on valid and tampered events, with and without tables', () => {
		const verify = buildSignatureVerifier({ precomputeAfter: 3, window: 4 });
		for (let round = 0; round < 2; round++) {
			for (const e of events) for (const v of variants(e)) expect(verify(v), JSON.stringify(v)).toBe(isEventSignatureValid(v));
		}
	});
	it('checks each distinct signature once', () => {
		const verify = buildSignatureVerifier();
		for (let i = 0; i < 3; i++) for (const e of events) expect(verify(e)).toBe(true);
		expect(verify.checked()).toBe(events.length);
		expect(verify({ ...events[0]!, content: 'changed' })).toBe(false);
	});
});
