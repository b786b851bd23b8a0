// Legacy chat generations: G1 simplified gift wrap (kind 1059 by an ephemeral key, `p` =
// pub(ECDH secret), signed inner kind 1) and the G1a full NIP-59 fallback carrying a
// `send-dm` tuple (PROTOCOL.md §5.0, §5.2, Appendix A.4). Read-side for dual-read; the wrap
// builder exists for tests and the node double. Must never trust an inner event whose signer is
// not an allowed party.
import { isEventSignatureValid, parseEvent, parseEventJson, parseRumor, serializeEvent, signEvent, computeEventId, type NostrEvent, type Rumor } from '../event.ts';
import { getPubkey } from '../keys.ts';
import { decryptNip44, encryptNip44, getConversationKey } from '../nip44.ts';
import { defaultRandom, randomBelow, type RandomSource } from '../random.ts';
import { isJsonObject } from '../struct-read.ts';
import type { DedupStore } from './stores.ts';

export const KIND_LEGACY_CHAT_WRAP = 1059;

export interface WrapLegacyChatOptions {
	now: number;
	random?: RandomSource;
	ephemeralSecret?: Uint8Array;
	outerCreatedAt?: number;
	nonce?: Uint8Array;
	auxRandom?: Uint8Array;
}

/** G1 send: signed kind 1 by the sender inside a kind 1059 from a fresh ephemeral key. */
export function wrapLegacyChat(senderSecret: Uint8Array, shared: Uint8Array, content: string, o: WrapLegacyChatOptions): { outer: NostrEvent; inner: NostrEvent } {
	const random = o.random ?? defaultRandom;
	const inner = signEvent({ kind: 1, created_at: o.now, tags: [], content }, senderSecret, o.auxRandom);
	let eph = o.ephemeralSecret;
	while (!eph) {
		const k = random(32);
		try {
			getPubkey(k);
			eph = k;
		} catch {
			// retry
		}
	}
	const sharedPub = getPubkey(shared);
	const body = encryptNip44(serializeEvent(inner), getConversationKey(eph, sharedPub), { nonce: o.nonce, random });
	const created = o.outerCreatedAt ?? o.now - randomBelow(172800, random);
	const outer = signEvent({ kind: KIND_LEGACY_CHAT_WRAP, created_at: created, tags: [['p', sharedPub]], content: body }, eph, o.auxRandom);
	return { outer, inner };
}

export type LegacyChatRejectReason = 'malformed' | 'wrong_kind' | 'bad_p_tag' | 'bad_outer_sig' | 'decrypt_failed' | 'bad_inner_sig' | 'unknown_signer' | 'replay';

export type LegacyChatResult =
	| { ok: true; generation: 'g1'; outer: NostrEvent; inner: NostrEvent; text: string }
	| { ok: true; generation: 'g1a'; outer: NostrEvent; inner: Rumor; seal: NostrEvent; text: string }
	/** `signed`: the check failed after a signature by one of `allowedSigners` verified (a party's own event, not anyone's junk). */
	| { ok: false; reason: LegacyChatRejectReason; signed: boolean };

export interface LegacyChatContext {
	/** Raw ECDH secret of the channel (the G1 "shared key"). */
	shared: Uint8Array;
	allowedSigners: ReadonlySet<string>;
	seenInner?: DedupStore;
	/** Signature check (default `isEventSignatureValid`; a caching verifier for bulk reads). */
	isSignatureValid?: (event: NostrEvent) => boolean;
}

function sendDmText(content: string): string | null {
	try {
		const tuple: unknown = JSON.parse(content);
		const first: unknown = Array.isArray(tuple) ? tuple[0] : null;
		const dm: unknown = isJsonObject(first) ? first.dm : null;
		if (!isJsonObject(dm) || dm.action !== 'send-dm' || !isJsonObject(dm.payload)) return null;
		const text = dm.payload.text_message;
		return typeof text === 'string' ? text : null;
	} catch {
		return null;
	}
}

/** G1 receive (with G1a fallback). Canonical time is the inner created_at; dedupe by inner id. */
export function unwrapLegacyChat(input: unknown, ctx: LegacyChatContext): LegacyChatResult {
	let outer: NostrEvent;
	try {
		outer = parseEvent(input);
	} catch {
		return { ok: false, reason: 'malformed', signed: false };
	}
	if (outer.kind !== KIND_LEGACY_CHAT_WRAP) return { ok: false, reason: 'wrong_kind', signed: false };
	let sharedPub: string;
	try {
		sharedPub = getPubkey(ctx.shared);
	} catch {
		return { ok: false, reason: 'decrypt_failed', signed: false };
	}
	if (!outer.tags.some((t) => t[0] === 'p' && t[1] === sharedPub)) return { ok: false, reason: 'bad_p_tag', signed: false };
	const isValid = ctx.isSignatureValid ?? isEventSignatureValid;
	if (!isValid(outer)) return { ok: false, reason: 'bad_outer_sig', signed: false };
	let decrypted: NostrEvent;
	try {
		decrypted = parseEventJson(decryptNip44(outer.content, getConversationKey(ctx.shared, outer.pubkey)));
	} catch {
		return { ok: false, reason: 'decrypt_failed', signed: false };
	}
	if (!isValid(decrypted)) return { ok: false, reason: 'bad_inner_sig', signed: false };
	if (!ctx.allowedSigners.has(decrypted.pubkey)) return { ok: false, reason: 'unknown_signer', signed: false };
	if (decrypted.kind === 1) {
		if (ctx.seenInner?.has(decrypted.id)) return { ok: false, reason: 'replay', signed: true };
		ctx.seenInner?.add(decrypted.id);
		return { ok: true, generation: 'g1', outer, inner: decrypted, text: decrypted.content };
	}
	if (decrypted.kind !== 13) return { ok: false, reason: 'wrong_kind', signed: true };
	const seal = decrypted;
	let rumor: Rumor;
	try {
		const raw: unknown = JSON.parse(decryptNip44(seal.content, getConversationKey(ctx.shared, seal.pubkey)));
		rumor = parseRumor(isJsonObject(raw) && raw.id === undefined ? { ...raw, id: '0'.repeat(64) } : raw);
		rumor = { ...rumor, id: computeEventId(rumor) };
	} catch {
		return { ok: false, reason: 'decrypt_failed', signed: true };
	}
	if (rumor.pubkey !== seal.pubkey) return { ok: false, reason: 'unknown_signer', signed: true };
	if (rumor.kind !== 1) return { ok: false, reason: 'wrong_kind', signed: true };
	const text = sendDmText(rumor.content);
	if (text === null) return { ok: false, reason: 'malformed', signed: true };
	if (ctx.seenInner?.has(rumor.id)) return { ok: false, reason: 'replay', signed: true };
	ctx.seenInner?.add(rumor.id);
	return { ok: true, generation: 'g1a', outer, inner: rumor, seal, text };
}
