import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { buildEvidenceView, classifyEvidenceSecret, discoverSignPubkeys } from '../../../../src/lib/protocol/chat/evidence.ts';
import { buildChatChannel } from '../../../../src/lib/protocol/chat/keys.ts';
import { unwrapChatMessage } from '../../../../src/lib/protocol/chat/unwrap.ts';
import { wrapChatMessage } from '../../../../src/lib/protocol/chat/wrap.ts';
import { ProtocolError } from '../../../../src/lib/protocol/errors.ts';
import { encodeNsec } from '../../../../src/lib/protocol/keys.ts';
import { signEvent } from '../../../../src/lib/protocol/event.ts';
import V from '../../../vectors/mostro-chat.vectors.json';
import { aliceSk, bobSk, K, sk } from '../fixtures.ts';

const NOW = 1_760_000_000;

describe('evidence key classification', () => {
	it('gives all three interpretations with their filters', () => {
		const c = classifyEvidenceSecret(`  0x${V.ecdh_shared_secret.toUpperCase()} `, K.bob_pubkey, K.alice_pubkey, { since: NOW - 1000 });
		expect(c.allowedSigners).toEqual([K.bob_pubkey, K.alice_pubkey]);
		const [kc, ecdh, legacy] = c.interpretations;
		expect(kc?.kind).toBe('k_conv');
		expect(ecdh?.kind === 'ecdh_secret' && ecdh.signPubkey).toBe(V.k_sign_pubkey);
		expect(ecdh?.kind === 'ecdh_secret' && ecdh.convPubkey).toBe(V.k_conv_pubkey);
		expect(ecdh?.filters).toContainEqual({ kinds: [14], authors: [V.k_sign_pubkey], since: NOW - 1000 });
		expect(ecdh?.filters).toContainEqual({ kinds: [1059], '#p': [V.legacy_shared_pubkey], since: NOW - 1000 - 172800 });
		expect(legacy?.filters).toEqual([{ kinds: [1059], '#p': [V.legacy_shared_pubkey], since: NOW - 1000 - 172800 }]);
	});
	it('a pasted K_conv: discovers pub(K_sign) from #p results and ignores junk', () => {
		const ch = buildChatChannel(aliceSk, K.bob_pubkey);
		const msgs = [wrapChatMessage(aliceSk, ch, 'a', { now: NOW }).outer, wrapChatMessage(bobSk, ch, 'b', { now: NOW + 1 }).outer];
		const junk = wrapChatMessage(sk(9), { ...ch, signSecret: sk(10) }, 'spam', { now: NOW }).outer;
		const c = classifyEvidenceSecret(encodeNsec(ch.convSecret), K.alice_pubkey, K.bob_pubkey);
		const kc = c.interpretations[0]!;
		expect(kc.kind === 'k_conv' && kc.filters[0]).toEqual({ kinds: [14], '#p': [ch.convPubkey] });
		const authors = discoverSignPubkeys([...msgs, junk, { nonsense: true }], ch.convSecret, c.allowedSigners);
		expect(authors).toEqual([ch.signPubkey]);
		const view = buildEvidenceView(ch.convSecret, authors[0]!);
		for (const m of msgs) expect(unwrapChatMessage(m, { channel: view, allowedSigners: new Set(c.allowedSigners), now: NOW + 5 }).ok).toBe(true);
	});
	it('discovery is bounded: an author whose first 8 events do not decrypt is not tried further', () => {
		const ch = buildChatChannel(aliceSk, K.bob_pubkey);
		const other = buildChatChannel(sk(11), K.bob_pubkey);
		const real = [0, 1, 2].map((i) => wrapChatMessage(aliceSk, ch, `m${i}`, { now: NOW + i }).outer);
		// Same outer author as the real messages would need K_sign; here a flooder signs with its own
		// key: 8 undecryptable events first, then one that does decrypt — never reached.
		const flooder = { ...ch, signSecret: sk(12) };
		const noise = Array.from({ length: 8 }, (_, i) => ({ ...wrapChatMessage(sk(11), other, `x${i}`, { now: NOW }).outer, pubkey: wrapChatMessage(aliceSk, flooder, 'k', { now: NOW }).outer.pubkey }));
		const late = wrapChatMessage(aliceSk, flooder, 'late', { now: NOW }).outer;
		expect(discoverSignPubkeys([...noise, late, ...real], ch.convSecret, [K.alice_pubkey, K.bob_pubkey])).toEqual([ch.signPubkey]);
		expect(discoverSignPubkeys([late, ...real], ch.convSecret, [K.alice_pubkey, K.bob_pubkey])).toEqual([ch.signPubkey, late.pubkey]);
	});
	it('a copier re-wrapping real envelopes under its own key, however often, does not outrank pub(K_sign)', () => {
		const ch = buildChatChannel(aliceSk, K.bob_pubkey);
		const real = [0, 1, 2].map((i) => wrapChatMessage(i === 1 ? bobSk : aliceSk, ch, `m${i}`, { now: NOW + i }).outer);
		const copy = (e: (typeof real)[number], i: number) => signEvent({ kind: 14, created_at: NOW - 100 + i, tags: [['p', ch.convPubkey]], content: e.content }, sk(13));
		const copier = copy(real[0]!, 0).pubkey;
		const signers = [K.alice_pubkey, K.bob_pubkey];
		// Four copies of one message, dated earlier than the real ones: fewer distinct messages.
		expect(discoverSignPubkeys([...[0, 1, 2, 3].map((i) => copy(real[0]!, i)), ...real], ch.convSecret, signers)).toEqual([ch.signPubkey, copier]);
		// A copy of every message ties on distinct messages; the earliest envelope then decides, and
		// either way the transcript holds the same signed messages.
		expect(discoverSignPubkeys([...real.map((e, i) => copy(e, i)), ...real], ch.convSecret, signers)).toEqual([copier, ch.signPubkey]);
	});
	it('the raw ECDH secret interpretation decrypts too (mobile disclosure)', () => {
		const c = classifyEvidenceSecret(V.ecdh_shared_secret, K.alice_pubkey, K.bob_pubkey);
		const e = c.interpretations[1]!;
		expect(e.kind === 'ecdh_secret' && bytesToHex(e.convSecret)).toBe(V.k_conv_secret);
		expect(e.capabilities.decryptAttachments).toBe(true);
		expect(c.interpretations[0]!.capabilities.decryptAttachments).toBe(false);
	});
	it('rejects garbage and out-of-range secrets', () => {
		expect(() => classifyEvidenceSecret('xyz', K.alice_pubkey, K.bob_pubkey)).toThrow(ProtocolError);
		expect(() => classifyEvidenceSecret('f'.repeat(64), K.alice_pubkey, K.bob_pubkey)).toThrow(ProtocolError);
		expect(() => classifyEvidenceSecret(hexToBytes('00'.repeat(32)), K.alice_pubkey, K.bob_pubkey)).toThrow(ProtocolError);
		expect(() => classifyEvidenceSecret(V.ecdh_shared_secret, 'nope', K.bob_pubkey)).toThrow(ProtocolError);
	});
});
