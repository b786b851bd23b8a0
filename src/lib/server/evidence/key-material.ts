// What an imported chat key lets the console read (PROTOCOL.md §5.5): the K_conv channel view
// (with pub(K_sign), pasted or discovered), the raw ECDH secret for legacy gift wraps and
// attachments, and the relay filters to ask with. Built from a classification at import and
// rebuilt from the sealed secret at refresh. Secrets stay in server memory and are wiped by
// the caller; nothing here is logged.
import { deriveChatKeys, legacySharedPubkey } from '../../protocol/chat/keys.ts';
import { evidenceFilters, type RelayFilter } from '../../protocol/chat/evidence.ts';
import { getPubkey } from '../../protocol/keys.ts';
import { buildChatChannelView, type ChatChannelView } from '../../protocol/chat/unwrap.ts';

export type EvidenceKeyKind = 'k_conv' | 'ecdh_secret' | 'legacy_shared';

export interface KeyMaterial {
	/** The interpretation tried or kept; `ecdh_secret` also reads legacy gift wraps. */
	kind: 'k_conv' | 'ecdh_secret';
	convSecret: Uint8Array;
	convPubkey: string;
	/** pub(K_sign): derived for a raw ECDH secret, discovered from events for a K_conv. */
	signPubkey: string | null;
	view: ChatChannelView | null;
	/** Raw ECDH secret (legacy reads and attachments); null for a K_conv. */
	shared: Uint8Array | null;
	legacyPubkey: string | null;
}

export function materialFromKConv(secret: Uint8Array, signPubkey: string | null): KeyMaterial {
	const convPubkey = getPubkey(secret);
	return { kind: 'k_conv', convSecret: secret, convPubkey, signPubkey, view: signPubkey ? buildChatChannelView(secret, signPubkey) : null, shared: null, legacyPubkey: null };
}

export function materialFromShared(shared: Uint8Array): KeyMaterial {
	const d = deriveChatKeys(shared);
	d.signSecret.fill(0);
	return {
		kind: 'ecdh_secret',
		convSecret: d.convSecret,
		convPubkey: d.convPubkey,
		signPubkey: d.signPubkey,
		view: buildChatChannelView(d.convSecret, d.signPubkey),
		shared,
		legacyPubkey: legacySharedPubkey(shared)
	};
}

/** Relay filters for a material from `since` (the order's creation) on; see `evidenceFilters`. */
export function filtersFor(m: KeyMaterial, since: number | null): RelayFilter[] {
	return evidenceFilters(m, since === null ? {} : { since });
}

export function wipeMaterial(m: KeyMaterial): void {
	m.convSecret.fill(0);
	m.shared?.fill(0);
}
