// Current-generation (G2) chat unwrap with the 13-step validation order of the chat spec,
// cheapest checks first (PROTOCOL.md §5.3). Returns the verified inner event or a typed
// rejection with the failing step. Must never throw on untrusted input, never decrypt before
// the outer signature is verified, and never record an id as seen before it is authentic.
import { getPubkey } from '../keys.ts';
import { decryptNip44 } from '../nip44.ts';
import { isEventSignatureValid, parseEvent, type NostrEvent } from '../event.ts';
import { selfConversationKey } from './keys.ts';
import type { DedupStore, RateLimiter } from './stores.ts';
import { KIND_CHAT_INNER, KIND_CHAT_OUTER } from './wrap.ts';

export const CHAT_MAX_CLOCK_SKEW_SECS = 60;
export const CHAT_MAX_CONTENT_BYTES = 65536;

export type ChatRejectReason = 'malformed' | 'wrong_author' | 'bad_p_tag' | 'future' | 'too_large' | 'duplicate' | 'rate_limited' | 'bad_outer_sig' | 'decrypt_failed' | 'bad_inner_sig' | 'unknown_signer' | 'wrong_kind' | 'replay' | 'skew';

/** Step number (1–13) of each reason; `malformed` (not an event at all) is step 0. */
export const CHAT_REJECT_STEP: Readonly<Record<ChatRejectReason, number>> = {
	malformed: 0,
	wrong_author: 1,
	bad_p_tag: 2,
	future: 3,
	too_large: 4,
	duplicate: 5,
	rate_limited: 6,
	bad_outer_sig: 7,
	decrypt_failed: 8,
	bad_inner_sig: 9,
	unknown_signer: 10,
	wrong_kind: 11,
	replay: 12,
	skew: 13
};

/** Read-side view of a channel: enough to validate, nothing that can sign. */
export interface ChatChannelView {
	convPubkey: string;
	signPubkey: string;
	/** NIP-44 self conversation key under K_conv (precomputed once per channel). */
	conversationKey: Uint8Array;
}

export function buildChatChannelView(convSecret: Uint8Array, signPubkey: string): ChatChannelView {
	return { convPubkey: getPubkey(convSecret), signPubkey, conversationKey: selfConversationKey(convSecret) };
}

export interface ChatValidationContext {
	channel: ChatChannelView;
	/** P2P: {buyer, seller}; dispute chat: {party, admin}. */
	allowedSigners: ReadonlySet<string>;
	/** Local clock, unix seconds. */
	now: number;
	/** Step 5: outer ids (bounded LRU is fine). Recorded once the outer signature verifies. */
	seenOuter?: DedupStore;
	/** Step 6: per-conversation budget, keyed by pub(K_conv). */
	rateLimiter?: RateLimiter;
	/** Step 12: inner ids, durable. Recorded on acceptance. */
	seenInner?: DedupStore;
	/** Steps 7 and 9: signature check (default `isEventSignatureValid`; a caching verifier for bulk reads). */
	isSignatureValid?: (event: NostrEvent) => boolean;
}

export type ChatUnwrapResult = { ok: true; outer: NostrEvent; inner: NostrEvent } | { ok: false; reason: ChatRejectReason; step: number; outerId: string | null };

function reject(reason: ChatRejectReason, outerId: string | null): ChatUnwrapResult {
	return { ok: false, reason, step: CHAT_REJECT_STEP[reason], outerId };
}

export function unwrapChatMessage(input: unknown, ctx: ChatValidationContext): ChatUnwrapResult {
	let outer: NostrEvent;
	try {
		outer = parseEvent(input);
	} catch {
		return reject('malformed', null);
	}
	const id = outer.id;
	// 1. author and kind
	if (outer.pubkey !== ctx.channel.signPubkey || outer.kind !== KIND_CHAT_OUTER) return reject('wrong_author', id);
	// 2. exactly one p tag, equal to pub(K_conv)
	const pTags = outer.tags.filter((t) => t[0] === 'p');
	if (pTags.length !== 1 || pTags[0]?.[1] !== ctx.channel.convPubkey) return reject('bad_p_tag', id);
	// 3. not from the future beyond the skew allowance
	if (outer.created_at > ctx.now + CHAT_MAX_CLOCK_SKEW_SECS) return reject('future', id);
	// 4. size cap (base64 is ASCII: chars = bytes)
	if (outer.content.length > CHAT_MAX_CONTENT_BYTES) return reject('too_large', id);
	// 5. outer id not seen
	if (ctx.seenOuter?.has(id)) return reject('duplicate', id);
	// 6. rate budget
	if (ctx.rateLimiter && !ctx.rateLimiter.take(ctx.channel.convPubkey, ctx.now)) return reject('rate_limited', id);
	const isValid = ctx.isSignatureValid ?? isEventSignatureValid;
	// 7. outer signature
	if (!isValid(outer)) return reject('bad_outer_sig', id);
	ctx.seenOuter?.add(id);
	// 8. decrypt
	let plaintext: string;
	try {
		plaintext = decryptNip44(outer.content, ctx.channel.conversationKey);
	} catch {
		return reject('decrypt_failed', id);
	}
	// 9. inner signature (the only sender authentication)
	let inner: NostrEvent;
	try {
		inner = parseEvent(JSON.parse(plaintext));
	} catch {
		return reject('bad_inner_sig', id);
	}
	if (!isValid(inner)) return reject('bad_inner_sig', id);
	// 10. allowed signer
	if (!ctx.allowedSigners.has(inner.pubkey)) return reject('unknown_signer', id);
	// 11. inner kind
	if (inner.kind !== KIND_CHAT_INNER) return reject('wrong_kind', id);
	// 12. inner replay
	if (ctx.seenInner?.has(inner.id)) return reject('replay', id);
	// 13. inner/outer timestamps agree
	if (Math.abs(inner.created_at - outer.created_at) > CHAT_MAX_CLOCK_SKEW_SECS) return reject('skew', id);
	ctx.seenInner?.add(inner.id);
	return { ok: true, outer, inner };
}
