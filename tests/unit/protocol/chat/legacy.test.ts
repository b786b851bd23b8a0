import { describe, expect, it } from 'vitest';
import { buildChatChannel } from '../../../../src/lib/protocol/chat/keys.ts';
import { unwrapLegacyChat, wrapLegacyChat } from '../../../../src/lib/protocol/chat/legacy.ts';
import { buildMemoryDedupStore } from '../../../../src/lib/protocol/chat/stores.ts';
import { buildRumor, signEvent } from '../../../../src/lib/protocol/event.ts';
import { getPubkey } from '../../../../src/lib/protocol/keys.ts';
import { encryptNip44, getConversationKey } from '../../../../src/lib/protocol/nip44.ts';
import { aliceSk, bobSk, K, sk } from '../fixtures.ts';

const NOW = 1_760_000_000;
const ch = buildChatChannel(aliceSk, K.bob_pubkey);
const allowed = new Set([K.alice_pubkey, K.bob_pubkey]);

describe('G1 legacy chat', () => {
	it('round trip with blurred outer timestamp; dedupe by inner id', () => {
		const w = wrapLegacyChat(bobSk, ch.shared, 'hola', { now: NOW });
		expect(w.outer.created_at).toBeLessThanOrEqual(NOW);
		const seen = buildMemoryDedupStore();
		const r = unwrapLegacyChat(JSON.parse(JSON.stringify(w.outer)), { shared: ch.shared, allowedSigners: allowed, seenInner: seen });
		expect(r.ok && r.generation === 'g1' && r.inner.created_at === NOW && r.text === 'hola').toBe(true);
		expect(unwrapLegacyChat(w.outer, { shared: ch.shared, allowedSigners: allowed, seenInner: seen })).toEqual({ ok: false, reason: 'replay', signed: true });
	});
	it('rejects unknown signers, wrong p, wrong key, bad signatures', () => {
		const carol = wrapLegacyChat(sk(9), ch.shared, 'x', { now: NOW }).outer;
		expect(unwrapLegacyChat(carol, { shared: ch.shared, allowedSigners: allowed })).toEqual({ ok: false, reason: 'unknown_signer', signed: false });
		const other = buildChatChannel(aliceSk, getPubkey(sk(11)));
		const w = wrapLegacyChat(aliceSk, ch.shared, 'x', { now: NOW }).outer;
		expect(unwrapLegacyChat(w, { shared: other.shared, allowedSigners: allowed })).toEqual({ ok: false, reason: 'bad_p_tag', signed: false });
		expect(unwrapLegacyChat({ ...w, sig: '0'.repeat(128) }, { shared: ch.shared, allowedSigners: allowed })).toEqual({ ok: false, reason: 'bad_outer_sig', signed: false });
		expect(unwrapLegacyChat('junk', { shared: ch.shared, allowedSigners: allowed })).toEqual({ ok: false, reason: 'malformed', signed: false });
	});
	it('G1a: full NIP-59 gift wrap carrying a send-dm tuple', () => {
		const rumor = buildRumor({ kind: 1, created_at: NOW, tags: [], content: JSON.stringify([{ dm: { version: 1, action: 'send-dm', payload: { text_message: 'g1a text' } } }, null]) }, K.alice_pubkey);
		const seal = signEvent({ kind: 13, created_at: NOW - 5, tags: [], content: encryptNip44(JSON.stringify(rumor), getConversationKey(aliceSk, ch.legacyPubkey)) }, aliceSk);
		const eph = sk(3);
		const wrap = signEvent({ kind: 1059, created_at: NOW - 9, tags: [['p', ch.legacyPubkey]], content: encryptNip44(JSON.stringify(seal), getConversationKey(eph, ch.legacyPubkey)) }, eph);
		const r = unwrapLegacyChat(wrap, { shared: ch.shared, allowedSigners: allowed });
		expect(r.ok && r.generation === 'g1a' && r.text === 'g1a text').toBe(true);
	});
	it("says which rejections carry an allowed signer's signature (stored) and which anyone could make (counted)", () => {
		// The seal is signed by an allowed party but holds a rumor claiming another author.
		const rumor = buildRumor({ kind: 1, created_at: NOW, tags: [], content: JSON.stringify([{ dm: { version: 1, action: 'send-dm', payload: { text_message: 'x' } } }, null]) }, K.bob_pubkey);
		const seal = signEvent({ kind: 13, created_at: NOW - 5, tags: [], content: encryptNip44(JSON.stringify(rumor), getConversationKey(aliceSk, ch.legacyPubkey)) }, aliceSk);
		const eph = sk(4);
		const wrap = signEvent({ kind: 1059, created_at: NOW - 9, tags: [['p', ch.legacyPubkey]], content: encryptNip44(JSON.stringify(seal), getConversationKey(eph, ch.legacyPubkey)) }, eph);
		expect(unwrapLegacyChat(wrap, { shared: ch.shared, allowedSigners: allowed })).toEqual({ ok: false, reason: 'unknown_signer', signed: true });
		const garbage = signEvent({ kind: 1059, created_at: NOW, tags: [['p', ch.legacyPubkey]], content: 'not encrypted' }, eph);
		expect(unwrapLegacyChat(garbage, { shared: ch.shared, allowedSigners: allowed })).toEqual({ ok: false, reason: 'decrypt_failed', signed: false });
	});
});
