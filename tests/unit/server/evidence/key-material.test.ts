// Relay filters for an imported key cover the whole life of the order: from the order's creation
// (however long ago — no 7-day window as in the live chat), kind 14 by `#p` and by author when
// pub(K_sign) is known, and kind 1059 gift wraps two days further back (their times are blurred).
import { describe, expect, it } from 'vitest';
import { LEGACY_BLUR_SECS } from '../../../../src/lib/protocol/chat/evidence.ts';
import { filtersFor, materialFromKConv, materialFromShared } from '../../../../src/lib/server/evidence/key-material.ts';

const secret = () => new Uint8Array(32).fill(7);
const orderCreated = 1_700_000_000; // years before any "now" of the tests

describe('filtersFor', () => {
	it('asks a raw ECDH secret for both generations from the order creation on', () => {
		const m = materialFromShared(secret());
		expect(filtersFor(m, orderCreated)).toEqual([
			{ kinds: [14], '#p': [m.convPubkey], since: orderCreated },
			{ kinds: [14], authors: [m.signPubkey], since: orderCreated },
			{ kinds: [1059], '#p': [m.legacyPubkey], since: orderCreated - LEGACY_BLUR_SECS }
		]);
	});
	it('asks a K_conv by #p until its signer is known, then by author too; never legacy', () => {
		const bare = materialFromKConv(secret(), null);
		expect(filtersFor(bare, orderCreated)).toEqual([{ kinds: [14], '#p': [bare.convPubkey], since: orderCreated }]);
		const known = materialFromKConv(secret(), 'ab'.repeat(32));
		expect(filtersFor(known, orderCreated).map((f) => f.authors ?? f['#p'])).toEqual([[known.convPubkey], ['ab'.repeat(32)]]);
	});
	it('without a known order creation time asks for everything', () => {
		for (const f of filtersFor(materialFromShared(secret()), null)) expect(f.since).toBeUndefined();
	});
});
