import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { deriveChatKeys } from '../../../../src/lib/protocol/chat/keys.ts';
import { buildMemoryDedupStore, buildTokenBucket } from '../../../../src/lib/protocol/chat/stores.ts';
import { buildChatChannelView, CHAT_REJECT_STEP, unwrapChatMessage, type ChatValidationContext } from '../../../../src/lib/protocol/chat/unwrap.ts';
import { rewrapChatInner, wrapChatMessage } from '../../../../src/lib/protocol/chat/wrap.ts';
import { signEvent, type NostrEvent } from '../../../../src/lib/protocol/event.ts';
import { encryptNip44 } from '../../../../src/lib/protocol/nip44.ts';
import V from '../../../vectors/mostro-chat.vectors.json';
import { aliceSk, bobSk, K, sk } from '../fixtures.ts';

const NOW = 1_760_000_000;
const keys = deriveChatKeys(hexToBytes(V.ecdh_shared_secret));
const view = buildChatChannelView(keys.convSecret, keys.signPubkey);
const carolSk = sk(9);

function ctx(extra: Partial<ChatValidationContext> = {}): ChatValidationContext {
	return {
		channel: view,
		allowedSigners: new Set([K.alice_pubkey, K.bob_pubkey]),
		now: NOW,
		seenOuter: buildMemoryDedupStore(),
		seenInner: buildMemoryDedupStore(),
		rateLimiter: buildTokenBucket(),
		...extra
	};
}

const good = () => wrapChatMessage(aliceSk, keys, 'hi', { now: NOW }).outer;

function expectStep(input: unknown, step: number, reason: string, c = ctx()) {
	const r = unwrapChatMessage(input, c);
	expect(r.ok).toBe(false);
	if (!r.ok) {
		expect(r.reason).toBe(reason);
		expect(r.step).toBe(step);
	}
}

describe('G2 chat: accepted messages', () => {
	it('a fresh message from either party passes all 13 steps', () => {
		const c = ctx();
		for (const s of [aliceSk, bobSk]) {
			const w = wrapChatMessage(s, keys, 'hola', { now: NOW });
			const r = unwrapChatMessage(JSON.parse(JSON.stringify(w.outer)), c);
			expect(r.ok).toBe(true);
			if (r.ok) expect(r.inner).toEqual(w.inner);
		}
	});
	it('past timestamps are fine; skew up to 60 s is fine', () => {
		const old = wrapChatMessage(aliceSk, keys, 'old', { now: NOW - 86400 * 30 }).outer;
		expect(unwrapChatMessage(old, ctx()).ok).toBe(true);
		const inner = signEvent({ kind: 1, created_at: NOW - 60, tags: [], content: 'edge' }, aliceSk);
		expect(unwrapChatMessage(rewrapChatInner(inner, keys, { now: NOW }), ctx()).ok).toBe(true);
	});
	it('refuses a second p tag in extra tags at build time', () => {
		expect(() => wrapChatMessage(aliceSk, keys, 'x', { now: NOW, extraTags: [['p', K.bob_pubkey]] })).toThrow();
	});
});

describe('G2 chat: each validation step rejects its own crafted event', () => {
	it('0 malformed', () => expectStep({ kind: 14 }, 0, 'malformed'));
	it('1 wrong author', () => {
		const other = wrapChatMessage(aliceSk, { ...keys, signSecret: carolSk }, 'x', { now: NOW }).outer;
		expectStep(other, 1, 'wrong_author');
	});
	it('1 wrong outer kind', () => {
		const e = signEvent({ kind: 1059, created_at: NOW, tags: [['p', keys.convPubkey]], content: good().content }, keys.signSecret);
		expectStep(e, 1, 'wrong_author');
	});
	it('2 two p tags', () => {
		const g = good();
		const e = signEvent(
			{
				kind: 14,
				created_at: NOW,
				tags: [
					['p', keys.convPubkey],
					['p', K.bob_pubkey]
				],
				content: g.content
			},
			keys.signSecret
		);
		expectStep(e, 2, 'bad_p_tag');
	});
	it('2 wrong p value', () => {
		const e = signEvent({ kind: 14, created_at: NOW, tags: [['p', K.bob_pubkey]], content: good().content }, keys.signSecret);
		expectStep(e, 2, 'bad_p_tag');
	});
	it('3 future', () => expectStep(wrapChatMessage(aliceSk, keys, 'x', { now: NOW + 61 }).outer, 3, 'future'));
	it('4 too large', () => expectStep(wrapChatMessage(aliceSk, keys, 'x'.repeat(49_000), { now: NOW }).outer, 4, 'too_large'));
	it('5 duplicate outer id', () => {
		const c = ctx();
		const e = good();
		expect(unwrapChatMessage(e, c).ok).toBe(true);
		expectStep(e, 5, 'duplicate', c);
	});
	it('6 rate limited', () => expectStep(good(), 6, 'rate_limited', ctx({ rateLimiter: { take: () => false } })));
	it('6 token bucket exhausts after the burst', () => {
		const c = ctx({ rateLimiter: buildTokenBucket(30, 3) });
		for (let i = 0; i < 3; i++) expect(unwrapChatMessage(wrapChatMessage(aliceSk, keys, `m${i}`, { now: NOW }).outer, c).ok).toBe(true);
		expectStep(good(), 6, 'rate_limited', c);
	});
	it('7 bad outer signature', () => {
		const e = good();
		const flipped: NostrEvent = { ...e, sig: (e.sig[0] === 'a' ? 'b' : 'a') + e.sig.slice(1) };
		expectStep(flipped, 7, 'bad_outer_sig');
	});
	it('7 a forged copy does not poison the dedup store', () => {
		const c = ctx();
		const e = good();
		expectStep({ ...e, sig: (e.sig[0] === 'a' ? 'b' : 'a') + e.sig.slice(1) }, 7, 'bad_outer_sig', c);
		expect(unwrapChatMessage(e, c).ok).toBe(true);
	});
	it('8 decrypt failure', () => {
		const e = signEvent({ kind: 14, created_at: NOW, tags: [['p', keys.convPubkey]], content: encryptNip44('x', new Uint8Array(32).fill(5)) }, keys.signSecret);
		expectStep(e, 8, 'decrypt_failed');
	});
	it('9 bad inner signature', () => {
		const inner = signEvent({ kind: 1, created_at: NOW, tags: [], content: 'real' }, aliceSk);
		expectStep(rewrapChatInner({ ...inner, content: 'forged' }, keys, { now: NOW }), 9, 'bad_inner_sig');
	});
	it('9 inner is not an event', () => {
		const e = signEvent({ kind: 14, created_at: NOW, tags: [['p', keys.convPubkey]], content: encryptNip44('hello', view.conversationKey) }, keys.signSecret);
		expectStep(e, 9, 'bad_inner_sig');
	});
	it('10 unknown signer', () => expectStep(wrapChatMessage(carolSk, keys, 'x', { now: NOW }).outer, 10, 'unknown_signer'));
	it('11 wrong inner kind', () => {
		const inner = signEvent({ kind: 7, created_at: NOW, tags: [], content: '+' }, aliceSk);
		expectStep(rewrapChatInner(inner, keys, { now: NOW }), 11, 'wrong_kind');
	});
	it('12 replay: the same inner event in a new wrapper', () => {
		const c = ctx();
		const w = wrapChatMessage(aliceSk, keys, 'pay me', { now: NOW });
		expect(unwrapChatMessage(w.outer, c).ok).toBe(true);
		const rewrapped = rewrapChatInner(w.inner, keys, { now: NOW + 30 });
		expect(rewrapped.id).not.toBe(w.outer.id);
		expectStep(rewrapped, 12, 'replay', c);
	});
	it('13 skew between inner and outer timestamps', () => {
		const inner = signEvent({ kind: 1, created_at: NOW - 3600, tags: [], content: 'stale' }, aliceSk);
		expectStep(rewrapChatInner(inner, keys, { now: NOW }), 13, 'skew');
	});
	it('every reason maps to a distinct step', () => {
		expect(new Set(Object.values(CHAT_REJECT_STEP)).size).toBe(Object.keys(CHAT_REJECT_STEP).length);
	});
});
