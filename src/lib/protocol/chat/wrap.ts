// Current-generation (G2) chat wrap: inner kind 1 signed by the sender, NIP-44 self-encrypted
// under K_conv, carried by a kind 14 signed by K_sign with exactly one `p` = pub(K_conv)
// (PROTOCOL.md §5.3, Appendix A.3). Must never add a second `p` tag or use two timestamps.
import { ProtocolError } from '../errors.ts';
import { serializeEvent, signEvent, type NostrEvent, type Tag } from '../event.ts';
import { encryptNip44 } from '../nip44.ts';
import type { RandomSource } from '../random.ts';
import { selfConversationKey, type ChatKeys } from './keys.ts';

export const KIND_CHAT_OUTER = 14;
export const KIND_CHAT_INNER = 1;

export interface WrapChatOptions {
	now: number;
	/** Extra outer tags (never `p`). */
	extraTags?: Tag[];
	/** Inner tags (default none). */
	innerTags?: Tag[];
	random?: RandomSource;
	nonce?: Uint8Array;
	auxRandom?: Uint8Array;
}

export interface WrappedChat {
	outer: NostrEvent;
	inner: NostrEvent;
}

export function wrapChatMessage(senderSecret: Uint8Array, keys: Pick<ChatKeys, 'convSecret' | 'convPubkey' | 'signSecret'>, content: string, o: WrapChatOptions): WrappedChat {
	if (o.extraTags?.some((t) => t[0] === 'p')) throw new ProtocolError('invalid_argument', 'extra tags must not contain a p tag');
	const inner = signEvent({ kind: KIND_CHAT_INNER, created_at: o.now, tags: o.innerTags ?? [], content }, senderSecret, o.auxRandom);
	return { inner, outer: rewrapChatInner(inner, keys, o) };
}

/**
 * Put an already signed inner event into a fresh outer kind 14 (used for tests of replay
 * detection and by tools that re-send). The outer created_at is `o.now`.
 */
export function rewrapChatInner(inner: NostrEvent, keys: Pick<ChatKeys, 'convSecret' | 'convPubkey' | 'signSecret'>, o: WrapChatOptions): NostrEvent {
	const content = encryptNip44(serializeEvent(inner), selfConversationKey(keys.convSecret), { nonce: o.nonce, random: o.random });
	const tags: Tag[] = [['p', keys.convPubkey], ...(o.extraTags ?? [])];
	return signEvent({ kind: KIND_CHAT_OUTER, created_at: o.now, tags, content }, keys.signSecret, o.auxRandom);
}
