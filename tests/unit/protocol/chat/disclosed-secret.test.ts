// A disclosed secret is spotted in a party's message as 64 hex characters (with or without 0x)
// or as an nsec, and not inside longer hex runs or in ordinary text.
import { describe, expect, it } from 'vitest';
import { findDisclosedSecret } from '../../../../src/lib/protocol/chat/disclosed-secret.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { aliceSk } from '../fixtures.ts';

const hex = 'ab'.repeat(32);

describe('findDisclosedSecret', () => {
	it('finds hex, 0x-prefixed hex and nsec keys inside a sentence', () => {
		expect(findDisclosedSecret(`Here is my key: ${hex}. Thanks`)).toBe(hex);
		expect(findDisclosedSecret(`key=0x${hex}`)).toBe(`0x${hex}`);
		expect(findDisclosedSecret(hex.toUpperCase())).toBe(hex.toUpperCase());
		const nsec = encodeNsec(aliceSk);
		expect(findDisclosedSecret(`mi clave es ${nsec}`)).toBe(nsec);
	});
	it('ignores ordinary text, short hex and longer hex runs (an event id with more after it)', () => {
		expect(findDisclosedSecret('I paid 50,000 sats yesterday')).toBeNull();
		expect(findDisclosedSecret('ab'.repeat(31))).toBeNull();
		expect(findDisclosedSecret('ab'.repeat(33))).toBeNull();
	});
});
