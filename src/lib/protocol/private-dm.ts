// NIP-17 private direct messages as the console sends them to its users (issue 19): a kind 14
// rumor (unsigned, NIP-01 id), sealed in a kind 13 signed by the sender and gift-wrapped in a
// kind 1059 signed by a one-time key, both encrypted with NIP-44 (nostr-tools' nip59). Also
// the reader of a user's kind 10050 DM relay list. Pure: keys and the time of the rumor are
// parameters; the seal and the wrap carry the randomized past times NIP-59 asks for. Never
// keeps a key, and the text it is given must already be free of secrets.
import { createRumor, createSeal, createWrap } from 'nostr-tools/nip59';
import type { NostrEvent } from './event.ts';
import { isHex64 } from './keys.ts';

export const KIND_PRIVATE_DM = 14;
export const KIND_SEAL = 13;
export const KIND_GIFT_WRAP = 1059;
export const KIND_DM_RELAY_LIST = 10050;

/** The most relays of a user's DM relay list the console writes to. */
export const MAX_DM_RELAYS = 5;

/** Gift-wraps `text` from `senderSecret` to `recipientPubkey` (the wrap to publish). */
export function wrapPrivateDm(senderSecret: Uint8Array, recipientPubkey: string, text: string, nowSeconds: number): NostrEvent {
	const rumor = createRumor({ kind: KIND_PRIVATE_DM, content: text, tags: [['p', recipientPubkey]], created_at: nowSeconds }, senderSecret);
	const seal = createSeal(rumor, senderSecret, recipientPubkey);
	return createWrap(seal, recipientPubkey) as NostrEvent;
}

/**
 * The relays of a kind 10050 event (`["relay", "wss://…"]` tags): ws(s) URLs only, without
 * duplicates, at most MAX_DM_RELAYS. Anything else is an empty list.
 */
export function parseDmRelayList(event: unknown): string[] {
	if (typeof event !== 'object' || event === null) return [];
	const { kind, tags } = event as { kind?: unknown; tags?: unknown };
	if (kind !== KIND_DM_RELAY_LIST || !Array.isArray(tags)) return [];
	const relays: string[] = [];
	for (const tag of tags) {
		if (!Array.isArray(tag) || tag[0] !== 'relay' || typeof tag[1] !== 'string') continue;
		const url = tag[1].trim();
		if (!/^wss?:\/\/[^\s/]+/i.test(url) || relays.includes(url)) continue;
		relays.push(url);
		if (relays.length === MAX_DM_RELAYS) break;
	}
	return relays;
}

/** The newest valid-looking DM relay list of `pubkey` among `events` (by created_at). */
export function newestDmRelayList(events: readonly unknown[], pubkey: string): string[] {
	if (!isHex64(pubkey)) return [];
	let newest: { created_at: number; relays: string[] } | null = null;
	for (const event of events) {
		const e = event as { pubkey?: unknown; created_at?: unknown };
		if (e?.pubkey !== pubkey || typeof e.created_at !== 'number') continue;
		const relays = parseDmRelayList(event);
		if (relays.length > 0 && (!newest || e.created_at > newest.created_at)) newest = { created_at: e.created_at, relays };
	}
	return newest?.relays ?? [];
}
