import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { buildChatChannel, buildDisputeChatChannels, computeEcdhSecret, deriveChatKey, deriveChatKeys, legacySharedPubkey, selfConversationKey } from '../../../../src/lib/protocol/chat/keys.ts';
import { encodeNpub } from '../../../../src/lib/protocol/keys.ts';
import V from '../../../vectors/mostro-chat.vectors.json';

describe('chat keys (mostro-chat vectors)', () => {
	const alice = hexToBytes(V.alice_trade_secret);
	const bob = hexToBytes(V.bob_trade_secret);
	it('ECDH shared secret is the raw x-coordinate and symmetric', () => {
		expect(bytesToHex(computeEcdhSecret(alice, V.bob_trade_pubkey))).toBe(V.ecdh_shared_secret);
		expect(bytesToHex(computeEcdhSecret(bob, V.alice_trade_pubkey))).toBe(V.ecdh_shared_secret);
	});
	it('legacy shared pubkey', () => {
		expect(legacySharedPubkey(hexToBytes(V.ecdh_shared_secret))).toBe(V.legacy_shared_pubkey);
	});
	it('K_conv / K_sign and the self conversation key', () => {
		const k = deriveChatKeys(hexToBytes(V.ecdh_shared_secret));
		expect(bytesToHex(k.convSecret)).toBe(V.k_conv_secret);
		expect(k.convPubkey).toBe(V.k_conv_pubkey);
		expect(bytesToHex(k.signSecret)).toBe(V.k_sign_secret);
		expect(k.signPubkey).toBe(V.k_sign_pubkey);
		expect(bytesToHex(selfConversationKey(k.convSecret))).toBe(V.nip44_self_conversation_key_under_k_conv);
		expect(bytesToHex(deriveChatKey(hexToBytes(V.ecdh_shared_secret), V.conv_info))).toBe(V.k_conv_secret);
	});
	it('both ends of a channel derive the same keys', () => {
		const a = buildChatChannel(alice, V.bob_trade_pubkey);
		const b = buildChatChannel(bob, V.alice_trade_pubkey);
		expect(a.convPubkey).toBe(b.convPubkey);
		expect(a.signPubkey).toBe(b.signPubkey);
		expect(a.legacyPubkey).toBe(V.legacy_shared_pubkey);
		expect(a.allowedSigners.sort()).toEqual([V.alice_trade_pubkey, V.bob_trade_pubkey].sort());
	});
	it('dispute-chat channels: one per party, independent', () => {
		const c = buildDisputeChatChannels(alice, V.bob_trade_pubkey, null);
		expect(c.seller).toBeNull();
		expect(c.buyer?.signPubkey).toBe(V.k_sign_pubkey);
	});
	it('npub encoding matches §5.6', () => {
		expect(encodeNpub(V.alice_trade_pubkey)).toBe('npub1qqq98sa5wucc9e7ycxmjkfedxjlqr06yzjn2yhye39mu294ydgqsf8r490');
	});
});
