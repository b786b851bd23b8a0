// Chat key material: raw ECDH shared secret (legacy "shared key"), K_conv / K_sign via
// HKDF-SHA256 with the retry-byte rule, the NIP-44 self conversation key, and dispute-chat
// channels between a solver and each party (PROTOCOL.md §5.1, §5.3, §5.4, §5.6).
// Must never hash the ECDH secret before use as the legacy key, nor disclose K_sign.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ProtocolError } from '../errors.ts';
import { getPubkey, isValidPubkey, isValidScalar } from '../keys.ts';
import { getConversationKey } from '../nip44.ts';

export const CHAT_CONV_INFO = 'mostro:chat:conv:v1';
export const CHAT_SIGN_INFO = 'mostro:chat:sign:v1';

/** x-coordinate of sk·P (P lifted with even y), unhashed, 32 bytes. Symmetric. */
export function computeEcdhSecret(secret: Uint8Array, peerPubkey: string): Uint8Array {
	if (!isValidScalar(secret)) throw new ProtocolError('invalid_key', 'secret key is out of range');
	if (!isValidPubkey(peerPubkey)) throw new ProtocolError('invalid_key', 'peer pubkey is not valid');
	return secp256k1.getSharedSecret(secret, hexToBytes('02' + peerPubkey)).slice(1, 33);
}

/** HKDF-SHA256(ikm, salt = empty, info, 32) with the retry byte appended to info (1..255) while invalid. */
export function deriveChatKey(shared: Uint8Array, info: string): Uint8Array {
	if (!(shared instanceof Uint8Array) || shared.length !== 32) throw new ProtocolError('invalid_key', 'shared secret must be 32 bytes');
	const prk = extract(sha256, shared, new Uint8Array(0));
	const base = utf8ToBytes(info);
	for (let c = 0; c <= 255; c++) {
		const infoBytes = c === 0 ? base : Uint8Array.from([...base, c]);
		const k = expand(sha256, prk, infoBytes, 32);
		if (isValidScalar(k)) return k;
	}
	throw new ProtocolError('invalid_key', 'HKDF produced no valid key');
}

export interface ChatKeys {
	convSecret: Uint8Array;
	convPubkey: string;
	signSecret: Uint8Array;
	signPubkey: string;
}

export function deriveChatKeys(shared: Uint8Array): ChatKeys {
	const convSecret = deriveChatKey(shared, CHAT_CONV_INFO);
	const signSecret = deriveChatKey(shared, CHAT_SIGN_INFO);
	return { convSecret, convPubkey: getPubkey(convSecret), signSecret, signPubkey: getPubkey(signSecret) };
}

/** NIP-44 conversation key of K_conv with its own pubkey (self-encryption). */
export function selfConversationKey(convSecret: Uint8Array): Uint8Array {
	return getConversationKey(convSecret, getPubkey(convSecret));
}

/** pub(shared) — the G1 `p` tag. Throws if the secret is not a valid scalar (negligible odds). */
export function legacySharedPubkey(shared: Uint8Array): string {
	return getPubkey(shared);
}

/** Everything one side of a chat channel needs, derived from its own key and the peer's pubkey. */
export interface ChatChannel extends ChatKeys {
	/** Raw ECDH secret: G1 key and attachment key. */
	shared: Uint8Array;
	legacyPubkey: string;
	peerPubkey: string;
	ownPubkey: string;
	/** Inner signers accepted on this channel. */
	allowedSigners: string[];
}

export function buildChatChannel(ownSecret: Uint8Array, peerPubkey: string): ChatChannel {
	const shared = computeEcdhSecret(ownSecret, peerPubkey);
	const ownPubkey = getPubkey(ownSecret);
	return {
		shared,
		legacyPubkey: legacySharedPubkey(shared),
		...deriveChatKeys(shared),
		peerPubkey,
		ownPubkey,
		allowedSigners: [peerPubkey, ownPubkey]
	};
}

/** Rebuild a channel from a stored ECDH secret (mostrix stores `*_shared_key_hex`). */
export function buildChatChannelFromShared(shared: Uint8Array, ownPubkey: string, peerPubkey: string): ChatChannel {
	return { shared, legacyPubkey: legacySharedPubkey(shared), ...deriveChatKeys(shared), peerPubkey, ownPubkey, allowedSigners: [peerPubkey, ownPubkey] };
}

export interface DisputeChatChannels {
	buyer: ChatChannel | null;
	seller: ChatChannel | null;
}

/** The solver's two dispute-chat channels (§5.4); a missing party pubkey gives null. */
export function buildDisputeChatChannels(adminSecret: Uint8Array, buyerPubkey: string | null, sellerPubkey: string | null): DisputeChatChannels {
	return {
		buyer: buyerPubkey ? buildChatChannel(adminSecret, buyerPubkey) : null,
		seller: sellerPubkey ? buildChatChannel(adminSecret, sellerPubkey) : null
	};
}
